import { historyEntrySchema, type HistoryEntry } from '@supfleet/protocol';

type Listener = (entry: HistoryEntry) => void;

const listeners = new Set<Listener>();

/**
 * The history entries the server pushes (socket.io `history:entry`), for the pages that show
 * them; main.tsx feeds it. Malformed payloads are dropped.
 */
export const historyFeed = {
  push(payload: unknown): void {
    const parsed = historyEntrySchema.safeParse(payload);
    if (!parsed.success) return;
    for (const listener of listeners) listener(parsed.data);
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
