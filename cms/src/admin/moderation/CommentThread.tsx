import * as React from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { Badge, Box, Button, Flex, Link, Loader, Modal, Typography } from '@strapi/design-system';
import { EDITORIAL_BADGE, type CommentStatus, type ThreadComment } from '@kiosque/shared';
import { ModerationButtons } from './ModerationButtons';
import { useCommentThreadQuery } from './moderation-api';
import { articleEditPath, COMMENT_LIST_PATH } from './paths';
import { COMMENT_UID } from './useModeration';

/** One comment's status as the thread view says it. */
const STATUS_NAMES: Record<CommentStatus, string> = {
  pending: 'En attente',
  approved: 'Approuvé',
  spam: 'Spam',
  rejected: 'Rejeté',
};

const dateFormat = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium', timeStyle: 'short' });

interface ItemProps {
  comment: ThreadComment;
  /** What this comment is to the one the thread was opened on. */
  role: 'parent' | 'self' | 'reply';
}

/** A comment of the thread: who, when, its status and why it was held, its start, the three buttons. */
function ThreadItem({ comment, role }: ItemProps) {
  const heading = role === 'parent' ? 'En réponse à' : role === 'self' ? 'Ce commentaire' : 'Réponse';
  return (
    <Box
      tag="li"
      padding={3}
      hasRadius
      background={role === 'self' ? 'primary100' : 'neutral0'}
      borderColor={role === 'self' ? 'primary200' : 'neutral200'}
      marginLeft={role === 'reply' ? 6 : 0}
      data-thread-comment={comment.documentId}
      data-thread-role={role}
    >
      <Flex direction="column" alignItems="stretch" gap={2}>
        <Flex gap={2} wrap="wrap">
          <Typography variant="sigma" textColor="neutral600">
            {heading}
          </Typography>
          <Typography fontWeight="bold">{comment.authorName}</Typography>
          {comment.editorial ? <Badge>{EDITORIAL_BADGE}</Badge> : null}
          <Typography variant="pi" textColor="neutral600">
            <time dateTime={comment.createdAt}>{dateFormat.format(new Date(comment.createdAt))}</time>
          </Typography>
          <Badge data-thread-status={comment.moderationStatus}>
            {STATUS_NAMES[comment.moderationStatus]}
          </Badge>
        </Flex>
        {comment.moderationReason ? (
          <Typography variant="pi" textColor="neutral600">
            Retenu : {comment.moderationReason}
          </Typography>
        ) : null}
        <Typography tag="p">{comment.excerpt}</Typography>
        <Flex gap={2} justifyContent="space-between" wrap="wrap">
          <ModerationButtons
            documentId={comment.documentId}
            status={comment.moderationStatus}
            authorName={comment.authorName}
          />
          {role === 'self' ? null : (
            <Link tag={RouterLink} to={`${COMMENT_LIST_PATH}/${comment.documentId}`}>
              Ouvrir
            </Link>
          )}
        </Flex>
      </Flex>
    </Box>
  );
}

/**
 * The thread around a comment, for moderating it in context: its article, the comment it answers (if
 * any), the comment, and the answers to it, each with the same one-click buttons as the list's rows.
 * Read again whenever the comment list is stale (see moderation-api.ts), so a click shows at once.
 */
export function CommentThreadView({ documentId }: { documentId: string }) {
  const { data: thread, isLoading, isError } = useCommentThreadQuery(documentId);
  if (isLoading) return <Loader small>Lecture du fil…</Loader>;
  if (isError || !thread) {
    return <Typography textColor="danger600">Le fil de ce commentaire n’a pas pu être lu.</Typography>;
  }
  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="comment-thread">
      {thread.article ? (
        <Typography>
          Article :{' '}
          <Link tag={RouterLink} to={articleEditPath(thread.article.documentId)}>
            {thread.article.title}
          </Link>
        </Typography>
      ) : null}
      <Flex tag="ol" direction="column" alignItems="stretch" gap={2} aria-label="Fil de la discussion">
        {thread.parent ? <ThreadItem comment={thread.parent} role="parent" /> : null}
        <ThreadItem comment={thread.comment} role="self" />
        {thread.replies.map((reply) => (
          <ThreadItem key={reply.documentId} comment={reply} role="reply" />
        ))}
      </Flex>
      {thread.replies.length === 0 ? (
        <Typography variant="pi" textColor="neutral600">
          Aucune réponse à ce commentaire.
        </Typography>
      ) : null}
      {thread.moreReplies > 0 ? (
        <Typography variant="pi" textColor="neutral600">
          Et {thread.moreReplies} autre{thread.moreReplies === 1 ? '' : 's'} réponse
          {thread.moreReplies === 1 ? '' : 's'}, plus récentes.
        </Typography>
      ) : null}
    </Flex>
  );
}

interface OpenThread {
  documentId: string;
  authorName: string;
  /** The button it was opened from, given the focus back when the dialog closes. */
  from: HTMLElement | null;
}

/*
 * The open thread lives outside the table: a refetch of the list (after every moderation) renders its
 * rows again, and a dialog owned by a row would close under the editor's click.
 */
let openThread: OpenThread | null = null;
const listeners = new Set<() => void>();
function setOpenThread(next: OpenThread | null) {
  openThread = next;
  for (const listener of listeners) listener();
}
function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

interface ButtonProps {
  documentId: string;
  authorName: string;
}

/** « Fil », in a row of the comment list: the thread in a dialog (ThreadDialog), without leaving the list. */
export function ThreadButton({ documentId, authorName }: ButtonProps) {
  return (
    <Button
      size="S"
      variant="tertiary"
      aria-label={`Fil du commentaire de ${authorName}`}
      aria-haspopup="dialog"
      onClick={(event: React.MouseEvent<HTMLButtonElement>) => {
        // The row under it opens the comment.
        event.stopPropagation();
        setOpenThread({ documentId, authorName, from: event.currentTarget });
      }}
    >
      Fil
    </Button>
  );
}

/**
 * The thread dialog of the comment list, mounted once above the table (StatusFilters). Clicks and
 * keys in it stay in it, but Escape, which closes it.
 */
export function ThreadDialog() {
  const current = React.useSyncExternalStore(subscribe, () => openThread);
  React.useEffect(() => () => setOpenThread(null), []);
  const close = () => {
    const from = current?.from;
    setOpenThread(null);
    if (from?.isConnected) from.focus();
  };
  return (
    <Modal.Root open={current !== null} onOpenChange={(open: boolean) => (open ? undefined : close())}>
      <Modal.Content
        onClick={(event: React.MouseEvent) => event.stopPropagation()}
        onKeyDown={(event: React.KeyboardEvent) => {
          if (event.key !== 'Escape') event.stopPropagation();
        }}
      >
        <Modal.Header>
          <Modal.Title>Fil du commentaire de {current?.authorName}</Modal.Title>
        </Modal.Header>
        <Modal.Body>{current ? <CommentThreadView documentId={current.documentId} /> : null}</Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">Fermer</Button>
          </Modal.Close>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
}

type PanelProps = { model: string; documentId?: string };

/** The same thread beside a comment's edit view (the content manager's side panels). */
export const CommentThreadPanel = ({ model, documentId }: PanelProps) => {
  if (model !== COMMENT_UID || !documentId) return null;
  return { title: 'Fil de la discussion', content: <CommentThreadView documentId={documentId} /> };
};
