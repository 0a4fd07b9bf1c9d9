import { processSchema, type Process } from '@supfleet/protocol';
import { z } from 'zod';
import type { CommandContext } from './command';
import { fetchNamed, segment } from './fetch-named';

const processListSchema = z.array(processSchema);

export interface FetchedProcesses {
  processes: Process[];
  raw: unknown[];
  failed: boolean;
}

/**
 * Processes named on the command line, `APP:*` standing for every process of APP as in
 * supervisorctl; all processes, sorted by namespec, when no name is given.
 */
export async function fetchProcesses(context: CommandContext, namespecs: readonly string[]): Promise<FetchedProcesses> {
  const { client } = context;
  if (namespecs.length === 0) {
    const { data, raw } = await client.get('/processes', processListSchema);
    const order = data.map((process, i) => ({ process, raw: (raw as unknown[])[i] }));
    order.sort((a, b) => a.process.namespec.localeCompare(b.process.namespec));
    return { processes: order.map((o) => o.process), raw: order.map((o) => o.raw), failed: false };
  }
  const { answers, failed } = await fetchNamed(context, namespecs, async (namespec) => {
    if (namespec.endsWith(':*')) {
      return client.get(`/applications/${segment(namespec.slice(0, -2))}/processes`, processListSchema);
    }
    const { data, raw } = await client.get(`/processes/${segment(namespec)}`, processSchema);
    return { data: [data], raw: [raw] };
  });
  return {
    processes: answers.flatMap((a) => a.data),
    raw: answers.flatMap((a) => a.raw as unknown[]),
    failed,
  };
}
