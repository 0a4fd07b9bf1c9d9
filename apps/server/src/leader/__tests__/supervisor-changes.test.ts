import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__tests__' ? [] : sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** supervisord's XML-RPC methods that change it (supervisor.* and twiddler-like additions). */
const CHANGING =
  /\b(startProcess|stopProcess|startProcessGroup|stopProcessGroup|startAllProcesses|stopAllProcesses|signalProcess|signalProcessGroup|signalAllProcesses|clearProcessLogs|clearAllProcessLogs|clearLog|sendProcessStdin|sendRemoteCommEvent|addProcessGroup|removeProcessGroup|reloadConfig|restart|shutdown)\b/;

describe('the fence is the only way to change a supervisord', () => {
  it('no source of the server sends a state-changing call but through SupervisorChanges', () => {
    const offenders: string[] = [];
    for (const file of sources(SRC)) {
      if (file.endsWith(join('leader', 'supervisor-changes.ts'))) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, index) => {
          const direct = /\bclient\.(\w+)\(/.exec(line);
          const named = /['`"]supervisor\.(\w+)/.exec(line);
          for (const method of [direct?.[1], named?.[1]]) {
            if (method && CHANGING.test(method))
              offenders.push(`${relative(SRC, file)}:${index + 1}: ${line.trim()}`);
          }
        });
    }
    expect(offenders).toEqual([]);
  });
});
