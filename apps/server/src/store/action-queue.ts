import type { Kysely } from 'kysely';
import type { Tables } from './schema';

export type QueuedActionState = 'pending' | 'claimed' | 'answered';

/** One action a follower received, as the queue keeps it: the request and the answer are JSON values. */
export interface QueuedAction {
  id: number;
  request: unknown;
  requestedBy: string;
  state: QueuedActionState;
  claimedBy: string | null;
  claimedEpoch: number | null;
  answer: unknown;
  createdAt: number;
}

/**
 * Actions received by a follower and handed to the leader through the database. A row goes
 * pending → claimed (by one leader, under its epoch) → answered, each step one conditional
 * statement, so that a row is claimed once and answered once whatever dies when: a pending row
 * is either claimed or withdrawn by its follower, never both, and a claimed row is answered by
 * the leader that claimed it or, after it stopped leading, given up by the next one — never run
 * again.
 */
export interface ActionQueue {
  /** Queues a request; resolves with its id. */
  submit(request: unknown, requestedBy: string, at: number): Promise<number>;
  /** Claims the pending rows, oldest first, for `replica` leading at `epoch`. */
  claim(replica: string, epoch: number, limit?: number): Promise<QueuedAction[]>;
  /** The claiming leader's answer; false when the row is no longer claimed at that epoch. */
  answer(id: number, epoch: number, answer: unknown): Promise<boolean>;
  /** The follower gives up on a row nobody claimed: false when a leader claimed it first. */
  withdraw(id: number, answer: unknown): Promise<boolean>;
  /** Answers every row claimed under an epoch before `epoch` and never answered; returns their ids. */
  abandon(epoch: number, answer: (row: QueuedAction) => unknown): Promise<QueuedAction[]>;
  get(id: number): Promise<QueuedAction | undefined>;
  /** Removes the answered rows created before `before`; resolves with how many went. */
  prune(before: number): Promise<number>;
}

type Row = Tables['forwarded_actions'] & { id: number };

function read(row: Row): QueuedAction {
  return {
    id: Number(row.id),
    request: JSON.parse(row.request) as unknown,
    requestedBy: row.requested_by,
    state: row.state as QueuedActionState,
    claimedBy: row.claimed_by,
    claimedEpoch: row.claimed_epoch === null ? null : Number(row.claimed_epoch),
    answer: row.answer === null ? null : (JSON.parse(row.answer) as unknown),
    createdAt: Number(row.created_at),
  };
}

export function kyselyActionQueue(db: Kysely<Tables>): ActionQueue {
  const table = 'forwarded_actions' as const;
  return {
    async submit(request, requestedBy, at) {
      const row = await db
        .insertInto(table)
        .values({
          request: JSON.stringify(request),
          requested_by: requestedBy,
          state: 'pending',
          created_at: at,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return Number(row.id);
    },
    async claim(replica, epoch, limit = 20) {
      const rows = await db
        .updateTable(table)
        .set({ state: 'claimed', claimed_by: replica, claimed_epoch: epoch })
        .where('state', '=', 'pending')
        .where('id', 'in', (eb) =>
          eb.selectFrom(table).select('id').where('state', '=', 'pending').orderBy('id').limit(limit),
        )
        .returningAll()
        .execute();
      return (rows as Row[]).map(read).sort((a, b) => a.id - b.id);
    },
    async answer(id, epoch, answer) {
      const result = await db
        .updateTable(table)
        .set({ state: 'answered', answer: JSON.stringify(answer) })
        .where('id', '=', id)
        .where('state', '=', 'claimed')
        .where('claimed_epoch', '=', epoch)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async withdraw(id, answer) {
      const result = await db
        .updateTable(table)
        .set({ state: 'answered', answer: JSON.stringify(answer) })
        .where('id', '=', id)
        .where('state', '=', 'pending')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    async abandon(epoch, answer) {
      const left = (
        (await db
          .selectFrom(table)
          .selectAll()
          .where('state', '=', 'claimed')
          .where('claimed_epoch', '<', epoch)
          .execute()) as Row[]
      ).map(read);
      const given: QueuedAction[] = [];
      for (const row of left) {
        const result = await db
          .updateTable(table)
          .set({ state: 'answered', answer: JSON.stringify(answer(row)) })
          .where('id', '=', row.id)
          .where('state', '=', 'claimed')
          .executeTakeFirst();
        if (Number(result.numUpdatedRows) === 1) given.push(row);
      }
      return given;
    },
    async get(id) {
      const row = (await db.selectFrom(table).selectAll().where('id', '=', id).executeTakeFirst()) as
        Row | undefined;
      return row ? read(row) : undefined;
    },
    async prune(before) {
      const result = await db
        .deleteFrom(table)
        .where('state', '=', 'answered')
        .where('created_at', '<', before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
