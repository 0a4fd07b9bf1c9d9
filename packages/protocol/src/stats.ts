import { z } from 'zod';

/** One process as the node agent samples it from /proc, its children included. */
export const processStatsSchema = z.object({
  /** Percent of one core over the last sample period (may exceed 100 on several cores). */
  cpu: z.number(),
  /** Resident memory in bytes. */
  rss: z.number(),
});
export type ProcessStats = z.infer<typeof processStatsSchema>;

export const nodeStatsSchema = z.object({
  /** Percent of the whole node (all cores) over the last sample period. */
  cpu: z.number(),
  memoryUsed: z.number(),
  memoryTotal: z.number(),
  /** 1, 5 and 15 minute load averages. */
  load: z.tuple([z.number(), z.number(), z.number()]),
  /** Percent of each core over the last sample period (agents from before it send none). */
  cores: z.array(z.number()).max(1024).optional(),
  /** Bytes per second received and sent by each interface but lo. */
  network: z
    .array(z.object({ name: z.string().max(100), rx: z.number(), tx: z.number() }))
    .max(64)
    .optional(),
  /** Used and total bytes of the file systems holding data (/, and /home, /var, /tmp when apart). */
  disks: z
    .array(z.object({ path: z.string().max(500), used: z.number(), total: z.number() }))
    .max(64)
    .optional(),
  /** Bytes per second read and written by each whole disk. */
  diskIo: z
    .array(z.object({ name: z.string().max(100), read: z.number(), write: z.number() }))
    .max(64)
    .optional(),
});
export type NodeStats = z.infer<typeof nodeStatsSchema>;

/** What one instance's agent sent with its last heartbeat (socket.io `stats:updated`, GET /api/v1/stats). */
export const instanceStatsSchema = z.object({
  instance: z.string(),
  /** Epoch ms of the sample. */
  at: z.number(),
  node: nodeStatsSchema,
  /** By namespec (group:name). */
  processes: z.record(z.string(), processStatsSchema),
});
export type InstanceStats = z.infer<typeof instanceStatsSchema>;

/** GET /api/v1/stats/history?instance=ID[&process=NAMESPEC]: the recent samples, oldest first. */
export const statsSampleSchema = z.object({ at: z.number(), cpu: z.number(), rss: z.number() });
export type StatsSample = z.infer<typeof statsSampleSchema>;
