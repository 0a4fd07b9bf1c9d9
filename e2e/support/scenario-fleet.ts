import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../scripts/lib/fleet.mjs';
import { launchBrowserFleet, type BrowserFleet } from './browser-fleet';

const ETC = fileURLToPath(new URL('../../examples/scenario-1/etc/', import.meta.url));

/**
 * Scenario 1 as the demo runs it (same programs, same rules, the demo's shipped settings), but on
 * free ports, so that it never meets a running demo or another browser test on 61001-61003.
 */
export async function startScenarioFleet(options: { nfsDelayMs?: number } = {}): Promise<BrowserFleet> {
  const runRoot = await mkdtemp(path.join(os.tmpdir(), 'supfleet-e2e-scen1-'));
  const ports = new Set<number>();
  while (ports.size < 4) ports.add(await freePort());
  const [p1, p2, p3, server] = [...ports];
  const conf = path.join(runRoot, 'supervisord_scen1.conf');
  return launchBrowserFleet({
    conf,
    runRoot,
    nfsPath: path.join(runRoot, 'nfs'),
    nfsDelayMs: options.nfsDelayMs ?? 1500,
    listen: `127.0.0.1:${server}`,
    // The demo conf starts scen1 by itself; these tests start it and watch.
    autoStart: false,
    prepare: async () => {
      const demo = await readFile(path.join(ETC, 'supervisord_demo.conf'), 'utf8');
      const text = demo
        .replace(/^files = (.*)$/m, `files = ${ETC}$1`)
        .replace(/^rules_files = (.*)$/m, `rules_files = ${ETC}$1`)
        .replace(
          /^supvisors_list = .*$/m,
          `supvisors_list = <rocky51>127.0.0.1:${p1},<rocky52>127.0.0.1:${p2},<rocky53>127.0.0.1:${p3}`,
        );
      await writeFile(conf, text);
    },
  });
}
