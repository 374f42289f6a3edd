import * as React from 'react';
import { Button, Flex } from '@strapi/design-system';
import type { CommentStatus } from '@kiosque/shared';
import { STATUS_ACTIONS, useModeration } from './useModeration';

interface Props {
  documentId: string;
  status: CommentStatus;
  authorName: string;
}

/**
 * One click per comment, in its row of the list: approve, spam, reject. Real buttons in the tab order
 * (Tab, then Enter or Space), each named with the comment's author for a screen reader; the button of
 * the status the comment already has is disabled. Clicks stop here: the row itself opens the comment.
 */
export function ModerationButtons({ documentId, status, authorName }: Props) {
  const { moderate, busy } = useModeration();
  const stop = (event: React.SyntheticEvent) => event.stopPropagation();
  return (
    <Flex gap={1} onClick={stop} onKeyDown={stop} data-moderation={documentId}>
      {STATUS_ACTIONS.map((action) => (
        <Button
          key={action.status}
          size="S"
          variant={action.variant}
          disabled={busy || status === action.status}
          aria-label={`${action.label} le commentaire de ${authorName}`}
          onClick={() => void moderate([documentId], action.status)}
        >
          {action.label}
        </Button>
      ))}
    </Flex>
  );
}
