import { useEffect, useState } from 'react';
import { fetchLogTail, type LogChannel, type LogTailResult } from '../api/fetch-log-tail';
import { appendLogTail, EMPTY_LOG_VIEW, type LogView } from '../lib/append-log-tail';

/** How often an open log panel asks for more. */
export const LOG_POLL_MS = 1_000;

export interface LogTailState {
  view: LogView;
  /** Why the last request brought nothing (instance down...), null when it did. */
  message: string | null;
  /** True until the first answer, good or bad. */
  loading: boolean;
}

const LOADING: LogTailState = { view: EMPTY_LOG_VIEW, message: null, loading: true };

/**
 * Tails a process log while mounted: one request, then the next a second after its answer, so
 * a slow supervisord never has two of ours waiting. Starts over when the process or channel changes.
 */
export function useLogTail(namespec: string, channel: LogChannel): LogTailState {
  const key = `${channel} ${namespec}`;
  const [latest, setLatest] = useState<{ key: string; state: LogTailState } | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    const run = async () => {
      let view = EMPTY_LOG_VIEW;
      let shown: LogTailState = LOADING;
      // Most answers bring nothing new: the page renders only when something changed.
      const show = (state: LogTailState) => {
        if (state.view === shown.view && state.message === shown.message && !shown.loading) return;
        shown = state;
        setLatest({ key, state });
      };
      while (!signal.aborted) {
        const result = await fetchLogTail(namespec, channel, view.offset, signal).catch(
          (error: unknown): LogTailResult => ({
            ok: false,
            message: `Cannot read the log: ${String(error)}`,
          }),
        );
        if (signal.aborted) return;
        let askAgain = false;
        if (result.ok) {
          ({ view, askAgain } = appendLogTail(view, result.tail));
          show({ view, message: null, loading: false });
        } else {
          show({ view, message: result.message, loading: false });
        }
        if (!askAgain) await sleep(LOG_POLL_MS, signal);
      }
    };
    void run();
    return () => controller.abort();
  }, [key, namespec, channel]);

  // Until the first answer for a new process or channel, the previous log must not show.
  return latest?.key === key ? latest.state : LOADING;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}
