import * as React from 'react';
import { Button, Field, Flex, Textarea, Typography } from '@strapi/design-system';
import { useAPIErrorHandler, useFetchClient, useNotification } from '@strapi/admin/strapi-admin';
import {
  COMMENT_LIMITS,
  EDITORIAL_AUTHOR_NAME,
  MODERATION_API,
  validateEditorialReply,
} from '@kiosque/shared';
import { COMMENT_UID, useModeration } from './useModeration';

interface FormProps {
  documentId: string;
  onClose: () => void;
}

/**
 * The editorial team's answer to one comment: checked as the CMS checks it, sent to the reply route,
 * published at once under EDITORIAL_AUTHOR_NAME. The text area has the focus when the dialog opens;
 * Ctrl+Enter (or ⌘+Enter) sends.
 */
function EditorialReplyForm({ documentId, onClose }: FormProps) {
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const { formatAPIError } = useAPIErrorHandler();
  const { refreshComments } = useModeration();
  const [content, setContent] = React.useState('');
  const [error, setError] = React.useState<string | null>(null);
  const [sending, setSending] = React.useState(false);

  const send = async () => {
    const checked = validateEditorialReply({ content });
    if (!checked.ok) {
      setError(checked.message);
      return;
    }
    setSending(true);
    try {
      await post(MODERATION_API.reply(documentId), checked.value);
      refreshComments([documentId]);
      toggleNotification({ type: 'success', message: 'Réponse de la rédaction publiée.' });
      onClose();
    } catch (failure) {
      setError(formatAPIError(failure as never));
    } finally {
      setSending(false);
    }
  };

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Typography variant="omega">
          Publiée tout de suite sous le nom « {EDITORIAL_AUTHOR_NAME} », avec le badge « Rédaction ».
        </Typography>
        <Field.Root name="editorial-reply" error={error ?? undefined} required>
          <Field.Label>Votre réponse</Field.Label>
          <Textarea
            autoFocus
            value={content}
            maxLength={COMMENT_LIMITS.content.max}
            onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => {
              setContent(event.target.value);
              setError(null);
            }}
            onKeyDown={(event: React.KeyboardEvent<HTMLTextAreaElement>) => {
              if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
                event.preventDefault();
                void send();
              }
            }}
          />
          <Field.Error />
        </Field.Root>
        <Flex justifyContent="flex-end" gap={2}>
          <Button type="button" variant="tertiary" onClick={onClose}>
            Annuler
          </Button>
          <Button type="submit" loading={sending}>
            Publier la réponse
          </Button>
        </Flex>
      </Flex>
    </form>
  );
}

type ActionProps = { model: string; documentId?: string };

/** « Répondre au nom de la rédaction », in a comment's edit view and in its row's menu in the list. */
export const EditorialReplyAction = ({ model, documentId }: ActionProps) => {
  if (model !== COMMENT_UID || !documentId) return null;
  return {
    label: 'Répondre au nom de la rédaction',
    position: ['panel', 'table-row'] as const,
    dialog: {
      type: 'modal' as const,
      title: 'Répondre au nom de la rédaction',
      content: ({ onClose }: { onClose: () => void }) => (
        <EditorialReplyForm documentId={documentId} onClose={onClose} />
      ),
    },
  };
};
EditorialReplyAction.position = ['panel', 'table-row'] as const;
