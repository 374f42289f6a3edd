import { flushPromises, type DOMWrapper, type VueWrapper } from '@vue/test-utils';
import { expect, vi, type Mock } from 'vitest';
import { IDEMPOTENCY_KEY_PATTERN } from '../utils/idempotencyKey';

type Wrapper = VueWrapper | DOMWrapper<Element>;

// Spec helper for the specs that fill in the comment form, alone or inside the comment list.

const mounted: VueWrapper[] = [];

/** Keeps `wrapper` (attached to the document, for focus to be checked) to be unmounted after the test. */
export function unmountAfterTest(wrapper: VueWrapper): VueWrapper {
  mounted.push(wrapper);
  return wrapper;
}

/** After each test: unmounts what it mounted, forgets the author details the form stored, resets the mocks. */
export function cleanUpAfterCommentTest(): void {
  for (const wrapper of mounted.splice(0)) wrapper.unmount();
  localStorage.clear();
  vi.clearAllMocks();
}

/** The form's fields, by their `name`. */
export type CommentFieldName = 'authorName' | 'authorEmail' | 'authorWebsite' | 'content' | 'company';

/** The field named `name` of the comment form inside `wrapper`. */
export function commentField(wrapper: Wrapper, name: CommentFieldName) {
  return wrapper.find<HTMLInputElement | HTMLTextAreaElement>(`[name="${name}"]`);
}

/** Types `values` into the comment form's fields, as a reader would, one field after the other. */
export async function fillComment(
  wrapper: Wrapper,
  values: Partial<Record<CommentFieldName, string>>,
): Promise<void> {
  for (const [name, value] of Object.entries(values)) {
    await wrapper.find(`[name="${name}"]`).setValue(value);
  }
}

/** Sends the comment form inside `wrapper` and waits until its answer is shown. */
export async function sendComment(wrapper: Wrapper): Promise<void> {
  await wrapper.find('form').trigger('submit');
  await flushPromises();
}

/** Expects `submit` to have been given `comment` for the specs' article, once, with an idempotency key. */
export function expectSentComment(submit: Mock, comment: Record<string, string>): void {
  expect(submit).toHaveBeenCalledWith(
    { article: 'article-1', ...comment },
    { idempotencyKey: expect.stringMatching(IDEMPOTENCY_KEY_PATTERN) },
  );
}
