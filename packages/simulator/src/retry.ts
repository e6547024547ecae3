/** How the simulator retries a failed request (429, 5xx, network), live and for the history alike. */
export const MAX_ATTEMPTS = 8;
export const MIN_BACKOFF_MS = 500;
export const MAX_BACKOFF_MS = 30_000;

/** Waits `ms`, or less if `signal` aborts meanwhile. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
