import type { Answer } from './api-client';
import { ApiError } from './cli-errors';
import type { CommandContext } from './command';

export interface NamedAnswers<T> {
  answers: Answer<T>[];
  /** True when the server refused at least one name (unknown application...). */
  failed: boolean;
}

/**
 * Fetches one resource per name, all at once, keeping the order given. A name the server
 * refuses is reported on stderr and the others are still shown; any other failure (server
 * unreachable) ends the command.
 */
export async function fetchNamed<T>(
  context: CommandContext,
  names: readonly string[],
  fetchOne: (name: string) => Promise<Answer<T>>,
): Promise<NamedAnswers<T>> {
  const settled = await Promise.allSettled(names.map(fetchOne));
  const answers: Answer<T>[] = [];
  let failed = false;
  for (const result of settled) {
    if (result.status === 'fulfilled') {
      answers.push(result.value);
    } else if (result.reason instanceof ApiError) {
      context.err(`supfleetctl: ${result.reason.message}`);
      failed = true;
    } else {
      throw result.reason;
    }
  }
  return { answers, failed };
}

/** Path segment for a name or namespec: `scen1:prg` becomes `scen1%3Aprg`. */
export function segment(name: string): string {
  return encodeURIComponent(name);
}
