import { z } from 'zod';

export const logChannelSchema = z.enum(['stdout', 'stderr']);
export type LogChannel = z.infer<typeof logChannelSchema>;

/**
 * Answer of GET /api/v1/processes/:namespec/logs/:channel?offset=&length=, with the semantics
 * of supervisord's tailProcessStdoutLog: when the log holds more than offset + length bytes,
 * overflow is true and the text is the last `length` bytes.
 */
export const processLogSchema = z.object({
  text: z.string(),
  /** Where the next read starts: the log's size when this answer was made. */
  offset: z.number().int(),
  overflow: z.boolean(),
});
export type ProcessLog = z.infer<typeof processLogSchema>;
