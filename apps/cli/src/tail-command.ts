import { setTimeout as sleep } from 'node:timers/promises';
import { logRangeSchema, logTailSchema } from '@supfleet/protocol';
import { UsageError } from './cli-errors';
import type { Command } from './command';
import { segment } from './fetch-named';

const DEFAULT_BYTES = 1600;
/** Largest read while following; more written between two polls is read in several reads. */
export const FOLLOW_CHUNK = 64 * 1024;
const FOLLOW_POLL_MS = 500;

export const tailCommand: Command = {
  name: 'tail',
  args: 'NAMESPEC [stdout|stderr]',
  summary: 'The end of a process log (stdout by default); -f keeps printing what is added.',
  options: {
    follow: { type: 'boolean', short: 'f' },
    bytes: { type: 'string', short: 'n' },
    instance: { type: 'string', short: 'i' },
  },
  optionsHelp: [
    '  -f, --follow           keep printing new output until interrupted (Ctrl-C)',
    `  -n, --bytes N          how many bytes of the end to print first (default ${DEFAULT_BYTES})`,
    '  -i, --instance ID      read the log on this instance (default: where the process runs or last ran)',
  ],
  minArgs: 1,
  maxArgs: 2,
  async run(context, { positionals, values }) {
    const [namespec, channelText = 'stdout'] = positionals as [string, string?];
    const channel = logTailSchema.shape.channel.safeParse(channelText);
    if (!channel.success) throw new UsageError(`unknown log "${channelText}": use stdout or stderr`);
    const bytes = values.bytes === undefined ? DEFAULT_BYTES : Number(values.bytes);
    if (!Number.isInteger(bytes) || bytes <= 0)
      throw new UsageError(`--bytes expects a positive integer, not "${String(values.bytes)}"`);

    const path = `/processes/${segment(namespec)}/logs/${channel.data}`;
    const on = (instance?: string) =>
      instance === undefined ? '' : `&instance=${encodeURIComponent(instance)}`;
    const first = await context.client.get(
      `${path}?offset=0&length=${bytes}${on(typeof values.instance === 'string' ? values.instance : undefined)}`,
      logTailSchema,
    );
    if (context.json) context.out(JSON.stringify(first.raw));
    else context.write(first.data.bytes);
    if (!values.follow) return 0;
    // Follow as byte ranges from where the last read ended, so that each byte is printed once.
    // Offsets belong to one instance's log file: keep reading there even if the process moves.
    const instance = first.data.instance;
    let from = first.data.offset;
    for (;;) {
      const { data, raw } = await context.client.get(
        `${path}?from=${from}&length=${FOLLOW_CHUNK}${on(instance)}`,
        logRangeSchema,
      );
      if (data.size < from) {
        // Cleared or rotated: start again from its beginning.
        context.err(
          `supfleetctl: ${namespec}: the ${channel.data} log was cleared; following it from its start`,
        );
        from = 0;
        continue;
      }
      if (data.bytes !== '') {
        if (context.json) context.out(JSON.stringify(raw));
        else context.write(data.bytes);
      }
      from = data.next;
      // More than one chunk waiting: read the rest at once.
      if (data.next < data.size) continue;
      await sleep(FOLLOW_POLL_MS);
    }
  },
};
