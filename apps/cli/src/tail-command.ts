import { setTimeout as sleep } from 'node:timers/promises';
import { logChannelSchema, processLogSchema } from '@supfleet/protocol';
import { UsageError } from './cli-errors';
import type { Command } from './command';
import { segment } from './fetch-named';

const DEFAULT_BYTES = 1600;
/** Largest read while following: more than that between two polls is skipped, as supervisorctl does. */
const FOLLOW_CHUNK = 64 * 1024;
const FOLLOW_POLL_MS = 500;

export const tailCommand: Command = {
  name: 'tail',
  args: '[-f] NAMESPEC [stdout|stderr]',
  summary: 'The end of a process log (stdout by default); -f keeps printing what is added.',
  options: {
    follow: { type: 'boolean', short: 'f' },
    bytes: { type: 'string', short: 'n' },
  },
  optionsHelp: [
    '  -f, --follow           keep printing new output until interrupted (Ctrl-C)',
    `  -n, --bytes N          how many bytes of the end to print first (default ${DEFAULT_BYTES})`,
  ],
  minArgs: 1,
  maxArgs: 2,
  async run(context, { positionals, values }) {
    const [namespec, channelText = 'stdout'] = positionals as [string, string?];
    const channel = logChannelSchema.safeParse(channelText);
    if (!channel.success) throw new UsageError(`unknown log "${channelText}": use stdout or stderr`);
    const bytes = values.bytes === undefined ? DEFAULT_BYTES : Number(values.bytes);
    if (!Number.isInteger(bytes) || bytes <= 0) throw new UsageError(`--bytes expects a positive integer, not "${String(values.bytes)}"`);

    const path = `/processes/${segment(namespec)}/logs/${channel.data}`;
    let offset = 0;
    let length = bytes;
    for (;;) {
      const { data, raw } = await context.client.get(`${path}?offset=${offset}&length=${length}`, processLogSchema);
      if (context.json) context.out(JSON.stringify(raw));
      else context.write(data.text);
      if (!values.follow) return 0;
      offset = data.offset;
      length = FOLLOW_CHUNK;
      await sleep(FOLLOW_POLL_MS);
    }
  },
};
