import { describe, expect, it } from 'vitest';
import { useLatestRequest } from './useLatestRequest';

/** A promise and the function that settles it, so that a test decides which answer arrives first. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((settle) => (resolve = settle));
  return { promise, resolve };
}

describe('useLatestRequest', () => {
  it('keeps the newer answer when the older one arrives last', async () => {
    const requests = useLatestRequest();
    let shown = '';
    async function load(answer: Promise<string>): Promise<void> {
      const isLatest = requests.begin();
      const value = await answer;
      if (isLatest()) shown = value;
    }
    const older = deferred<string>();
    const newer = deferred<string>();

    const first = load(older.promise);
    const second = load(newer.promise);
    newer.resolve('newer');
    await second;
    older.resolve('older');
    await first;

    expect(shown).toBe('newer');
  });

  it('counts the only request under way as the latest, before and after its answer', async () => {
    const requests = useLatestRequest();

    const isLatest = requests.begin();
    expect(isLatest()).toBe(true);
    await Promise.resolve();
    expect(isLatest()).toBe(true);
  });

  it('makes every earlier request stale when a new one begins', () => {
    const requests = useLatestRequest();

    const first = requests.begin();
    const second = requests.begin();
    const third = requests.begin();

    expect([first(), second(), third()]).toEqual([false, false, true]);
  });

  it('makes the request under way stale when superseded, and lets the next one count', () => {
    const requests = useLatestRequest();

    const before = requests.begin();
    requests.supersede();
    expect(before()).toBe(false);
    expect(requests.begin()()).toBe(true);
  });

  it('keeps each guard apart: one list’s requests never make another’s stale', () => {
    const articles = useLatestRequest();
    const comments = useLatestRequest();

    const article = articles.begin();
    comments.begin();
    comments.supersede();

    expect(article()).toBe(true);
  });
});
