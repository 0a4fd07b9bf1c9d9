import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../scripts/lib/fleet.mjs';
import { launchBrowserFleet, type BrowserFleet } from './browser-fleet';

const EXAMPLE = fileURLToPath(new URL('../../examples/scenario-1', import.meta.url));
const INTEGRATIONS = fileURLToPath(new URL('../../integrations', import.meta.url));

/**
 * Scenario 1's demo (three supervisord with their node agents, the server) from a copy of its
 * tree on free ports: the demo's own ports (61001-61003, 61100) stay free for `npm run demo`.
 */
export async function startFreePortDemo(
  options: { autoStart?: boolean; prefix?: string } = {},
): Promise<BrowserFleet> {
  const runRoot = await mkdtemp(path.join(os.tmpdir(), options.prefix ?? 'supfleet-e2e-demo-'));
  const tree = path.join(runRoot, 'scenario-1');
  await cp(EXAMPLE, tree, { recursive: true });
  const conf = path.join(tree, 'etc', 'supervisord_demo.conf');
  let text = await readFile(conf, 'utf8');
  for (const port of ['61001', '61002', '61003', '61100'])
    text = text.replaceAll(port, String(await freePort()));
  // The agent's script stays in the repository: the copy's relative path would lead nowhere.
  text = text.replaceAll('%(here)s/../../../integrations', INTEGRATIONS);
  await writeFile(conf, text);
  return launchBrowserFleet({
    conf,
    runRoot,
    nfsPath: path.join(runRoot, 'nfs'),
    nfsDelayMs: 500,
    listen: /^listen = (\S+)$/m.exec(text)![1]!,
    autoStart: options.autoStart ?? false,
  });
}
