import type { RescoreStatus } from '@vigil/contracts';

/**
 * Work the workers do in the background on request (rescoring, topic discovery): the same four
 * statuses, shown the same way, followed by polling while under way.
 */
type RunStatus = RescoreStatus;

export const RUN_LABELS: Record<RunStatus, string> = {
  queued: 'Queued',
  running: 'Running',
  done: 'Done',
  failed: 'Failed',
};

export const RUN_TONES: Record<RunStatus, string> = {
  queued: '',
  running: 'accent',
  done: 'positive',
  failed: 'negative',
};

export function isActive(run: { status: RunStatus }): boolean {
  return run.status === 'queued' || run.status === 'running';
}

/**
 * Load a run again every `everyMs` while it is active, handing each answer (or failure: the server
 * may be restarting, so polling goes on) to `on`. Returns the stop function, to be returned from an
 * `$effect`.
 */
export function pollRun<T extends { status: RunStatus }>(
  load: () => Promise<T>,
  on: { value: (run: T) => void; error: (err: unknown) => void },
  everyMs = 1000,
): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout>;
  const tick = async () => {
    try {
      const run = await load();
      if (stopped) return;
      on.value(run);
      if (!isActive(run)) return;
    } catch (err) {
      if (stopped) return;
      on.error(err);
    }
    timer = setTimeout(tick, everyMs);
  };
  timer = setTimeout(tick, everyMs);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
