import { z } from 'zod';
import { historyEntrySchema, SYSTEM_ACTOR, type HistoryEntry } from '@supfleet/protocol';
import type { AuditTrail } from '../audit/audit-trail';
import type { HistoryRecorder } from '../history/history-recorder';
import type { Logger } from '../logging/logger';
import type { StoreSignals } from '../store/store-signals';
import type { ProgramSwitch } from '../supervision/program-switch';

/** What NOTIFY carries, with room to spare (its limit is 8,000 bytes). */
const HISTORY_SIGNAL_MAX = 7000;
const historySignalSchema = z.object({ from: z.string(), entry: historyEntrySchema });

export interface ReplicaSignalsDeps {
  signals: StoreSignals;
  replica: string;
  isLeader: () => boolean;
  programs: ProgramSwitch;
  history: HistoryRecorder;
  /** Sends a history entry to this replica's pages. */
  announce: (entry: HistoryEntry) => void;
  log: Logger;
}

/**
 * What the replicas keep in step through signals: the programs disabled (the leader changed
 * them: every follower reads them again) and the history entries (each replica's pages hear
 * every entry once, whoever wrote it).
 */
export function shareAcrossReplicas(deps: ReplicaSignalsDeps): void {
  const { signals, replica } = deps;
  signals.on('supfleet_programs', () => {
    if (!deps.isLeader())
      void deps.programs
        .load()
        .catch((error: unknown) => deps.log.warn({ err: error }, 'cannot read the disabled programs'));
  });
  deps.history.on('entry', (entry) => {
    const payload = JSON.stringify({ from: replica, entry });
    // A longer one is seen by the other replicas' pages on their next read of the history.
    if (Buffer.byteLength(payload) < HISTORY_SIGNAL_MAX) void signals.notify('supfleet_history', payload);
  });
  signals.on('supfleet_history', (payload) => {
    const parsed = historySignalSchema.safeParse(parseJson(payload));
    if (parsed.success && parsed.data.from !== replica) deps.announce(parsed.data.entry);
  });
}

/** History and audit say once, written by the new leader, who leads now and after whom. */
export function recordLeaderChange(
  history: HistoryRecorder,
  audit: AuditTrail,
  change: { replica: string; previous: string | null; epoch: number },
): void {
  const { replica, previous, epoch } = change;
  const message = `${replica} leads at epoch ${epoch}${previous ? `, after ${previous}` : ''}`;
  history.record({
    kind: 'action',
    application: null,
    instance: null,
    process: null,
    actor: SYSTEM_ACTOR,
    message,
    data: { what: 'leader', leader: replica, previous, epoch },
  });
  audit.record({
    actor: SYSTEM_ACTOR,
    role: null,
    address: null,
    interface: 'system',
    action: 'leader.change',
    target: replica,
    params: { epoch, previous },
    result: 'succeeded',
    reason: message,
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
