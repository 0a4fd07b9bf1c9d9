import { z } from 'zod';

/** What a history entry is about. */
export const historyKindSchema = z.enum(['instance', 'application', 'process', 'job', 'action', 'alert']);
export type HistoryKind = z.infer<typeof historyKindSchema>;

/** One change that matters, kept in the database (GET /api/v1/history, socket.io `history:entry`). */
export const historyEntrySchema = z.object({
  id: z.number().int(),
  /** Epoch ms. */
  at: z.number(),
  kind: historyKindSchema,
  application: z.string().nullable(),
  instance: z.string().nullable(),
  /** namespec (group:name) of a process entry. */
  process: z.string().nullable(),
  /** Who did it: a user, `supfleet` for what it did by itself; null for what just happened. */
  actor: z.string().nullable(),
  /** One line for a person: `rocky53 lost`, `scen1 Not Operational`, `restart of scen1 by alice succeeded in 1.1 s`. */
  message: z.string(),
  /** The machine-readable side: states before and after, job id and result, … */
  data: z.record(z.string(), z.unknown()),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/** GET /api/v1/history: newest first. Times are epoch ms or ISO 8601. */
export const historyQuerySchema = z
  .object({
    application: z.string().min(1).optional(),
    instance: z.string().min(1).optional(),
    process: z.string().min(1).optional(),
    kind: historyKindSchema.optional(),
    since: z
      .union([
        z.coerce.number().int().min(0),
        z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)),
      ])
      .optional(),
    until: z
      .union([
        z.coerce.number().int().min(0),
        z.iso.datetime({ offset: true }).transform((s) => Date.parse(s)),
      ])
      .optional(),
    limit: z.coerce.number().int().min(1).max(5000).default(500),
  })
  .strict();
export type HistoryQuery = z.infer<typeof historyQuerySchema>;
