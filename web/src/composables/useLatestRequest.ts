/**
 * "Latest answer wins": each load calls `begin()` and, after every await, writes its answer only while
 * the check it got back still says it is the latest. A slow older answer then never overwrites a
 * newer one, and neither does an answer to a request overtaken by data shown without asking
 * (`supersede()`).
 */
export function useLatestRequest() {
  let latest = 0;

  /** Starts a request, making every earlier one stale; the check says whether this one still counts. */
  function begin(): () => boolean {
    const request = ++latest;
    return () => request === latest;
  }

  /** Makes every request under way stale, e.g. when the page shows an answer it did not ask for. */
  function supersede(): void {
    latest += 1;
  }

  return { begin, supersede };
}
