import { processSchema, type Process, apiPath } from '@supfleet/protocol';
import { z } from 'zod';
import type { Answer } from './api-client';
import type { CommandContext } from './command';
import { fetchNamed } from './fetch-named';

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
export async function fetchProcesses(
  context: CommandContext,
  namespecs: readonly string[],
): Promise<FetchedProcesses> {
  const { client } = context;
  if (namespecs.length === 0) {
    const { data, raw } = sortedByNamespec(
      await client.get(apiPath('get /processes', {}), processListSchema),
    );
    return { processes: data, raw, failed: false };
  }
  const { answers, failed } = await fetchNamed(context, namespecs, async (namespec) => {
    if (namespec.endsWith(':*')) {
      return sortedByNamespec(
        await client.get(
          apiPath('get /applications/:name/processes', { name: namespec.slice(0, -2) }),
          processListSchema,
        ),
      );
    }
    const { data, raw } = await client.get(apiPath('get /processes/:namespec', { namespec }), processSchema);
    return { data: [data], raw: [raw] };
  });
  return {
    processes: answers.flatMap((a) => a.data),
    raw: answers.flatMap((a) => a.raw as unknown[]),
    failed,
  };
}

/** The server lists processes in discovery order; people look for a name in sorted order. */
function sortedByNamespec(answer: Answer<Process[]>): { data: Process[]; raw: unknown[] } {
  const pairs = answer.data.map((process, i) => ({ process, raw: (answer.raw as unknown[])[i] }));
  pairs.sort((a, b) => a.process.namespec.localeCompare(b.process.namespec));
  return { data: pairs.map((p) => p.process), raw: pairs.map((p) => p.raw) };
}
