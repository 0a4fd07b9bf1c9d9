import { setTimeout as sleep } from 'node:timers/promises';
import { logTailSchema, apiPath } from '@supfleet/protocol';
import { UsageError } from './cli-errors';
import type { Command } from './command';

const DEFAULT_BYTES = 1600;
/** Largest read while following: more than that between two polls is skipped, as supervisorctl does. */
const FOLLOW_CHUNK = 64 * 1024;
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

    const path = apiPath('get /processes/:namespec/logs/:channel', { namespec, channel: channel.data });
    let instance = typeof values.instance === 'string' ? values.instance : undefined;
    let offset = 0;
    let length = bytes;
    for (;;) {
      const on = instance === undefined ? '' : `&instance=${encodeURIComponent(instance)}`;
      const { data, raw } = await context.client.get(
        `${path}?offset=${offset}&length=${length}${on}`,
        logTailSchema,
      );
      if (context.json) context.out(JSON.stringify(raw));
      else context.write(data.bytes);
      if (!values.follow) return 0;
      // Offsets belong to one instance's log file: keep reading there even if the process moves.
      instance = data.instance;
      offset = data.offset;
      length = FOLLOW_CHUNK;
      await sleep(FOLLOW_POLL_MS);
    }
  },
};
