import { describe, expect, it } from 'vitest';
import { COMMENT_CREATED_MESSAGES, PREVIEW_MESSAGES } from './messages';

describe('what readers are told', () => {
  it('has a message for each kind of preview refusal and every comment status', () => {
    expect(Object.keys(PREVIEW_MESSAGES).sort()).toEqual(['expired', 'invalid', 'notFound']);
    expect(COMMENT_CREATED_MESSAGES.pending).toBe(
      'Merci ! Votre commentaire est en attente de modération et sera publié après validation.',
    );
    for (const message of Object.values(COMMENT_CREATED_MESSAGES)) expect(message).toMatch(/^Merci ! /);
  });
});
