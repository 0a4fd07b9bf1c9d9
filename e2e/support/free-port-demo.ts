import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../scripts/lib/fleet.mjs';
import { launchBrowserFleet, type BrowserFleet } from './browser-fleet';

const EXAMPLE = fileURLToPath(new URL('../../examples/scenario-1', import.meta.url));
const INTEGRATIONS = fileURLToPath(new URL('../../integrations', import.meta.url));

/**
 * A copy of scenario 1's tree in `runRoot` whose conf names free ports instead of the demo's own
 * (61001-61003, 61100), which stay free for `npm run demo`. Returns the copy's conf, its
 * directory `etc` and the `listen` address it now names.
 */
export async function copyDemoOnFreePorts(
  runRoot: string,
): Promise<{ conf: string; etc: string; listen: string }> {
  const tree = path.join(runRoot, 'scenario-1');
  await cp(EXAMPLE, tree, { recursive: true });
  const etc = path.join(tree, 'etc');
  const conf = path.join(etc, 'supervisord_demo.conf');
  let text = await readFile(conf, 'utf8');
  for (const port of ['61001', '61002', '61003', '61100'])
    text = text.replaceAll(port, String(await freePort()));
  // The agent's script stays in the repository: the copy's relative path would lead nowhere.
  text = text.replaceAll('%(here)s/../../../integrations', INTEGRATIONS);
  await writeFile(conf, text);
  return { conf, etc, listen: /^listen = (\S+)$/m.exec(text)![1]! };
}

/** Scenario 1's demo (three supervisord with their node agents, the server) from a copy of its tree on free ports. */
export async function startFreePortDemo(
  options: { autoStart?: boolean; prefix?: string } = {},
): Promise<BrowserFleet> {
  const runRoot = await mkdtemp(path.join(os.tmpdir(), options.prefix ?? 'supfleet-e2e-demo-'));
  const { conf, listen } = await copyDemoOnFreePorts(runRoot);
  return launchBrowserFleet({
    conf,
    runRoot,
    nfsPath: path.join(runRoot, 'nfs'),
    nfsDelayMs: 500,
    listen,
    autoStart: options.autoStart ?? false,
  });
}
