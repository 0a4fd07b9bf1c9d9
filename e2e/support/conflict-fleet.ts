import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../scripts/lib/fleet.mjs';
import { launchBrowserFleet, type BrowserFleet, type FleetInstance } from './browser-fleet';

export type ConflictInstance = FleetInstance;
export type ConflictFleet = BrowserFleet;

/** dup prints this and its instance on stderr when it starts, then `dup <n> on <instance>` every second on stdout. */
export const DUP_STDERR_LINE = 'dup starting on';

/**
 * Two supervisord, n1 and n2, that both define the program dup:dup (not started), managed by a
 * one-line rules file, with conciliation_strategy USER so that a conflict waits for a person.
 * Everything on free ports in a fresh temporary directory; the demo's 61001-61003 stay free.
 */
export async function startConflictFleet(): Promise<ConflictFleet> {
  const runRoot = await mkdtemp(path.join(os.tmpdir(), 'supfleet-e2e-conflict-'));
  const [p1, p2, server] = await threeFreePorts();
  const conf = path.join(runRoot, 'supervisord_conflict.conf');
  return launchBrowserFleet({
    conf,
    runRoot,
    listen: `127.0.0.1:${server}`,
    prepare: async () => {
      await writeFile(path.join(runRoot, 'conflict_rules.xml'), RULES);
      await writeFile(conf, confText(p1, p2));
    },
  });
}

const RULES = `<?xml version="1.0" encoding="UTF-8"?>
<root>
  <application name="dup">
    <programs>
      <program name="dup">
        <start_sequence>1</start_sequence>
      </program>
    </programs>
  </application>
</root>
`;

// One file for both supervisord, told apart by the environment startFleet gives each (as in
// examples/scenario-1/etc/supervisord_demo.conf).
function confText(p1: number, p2: number): string {
  return `[inet_http_server]
port = 127.0.0.1:%(ENV_SUPFLEET_PORT)s

[supervisord]
logfile = %(ENV_SUPFLEET_RUN_DIR)s/supervisord.log
pidfile = %(ENV_SUPFLEET_RUN_DIR)s/supervisord.pid
childlogdir = %(ENV_SUPFLEET_RUN_DIR)s
identifier = %(ENV_SUPFLEET_NODE)s

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[program:dup]
command = /bin/sh -c 'echo "${DUP_STDERR_LINE} %(ENV_SUPFLEET_NODE)s" >&2; i=0; while true; do i=$((i+1)); echo "dup $i on %(ENV_SUPFLEET_NODE)s"; sleep 1; done'
autostart = false
autorestart = false
startsecs = 1
stopwaitsecs = 3
stopasgroup = true
stdout_logfile = %(ENV_SUPFLEET_RUN_DIR)s/dup.out.log
stderr_logfile = %(ENV_SUPFLEET_RUN_DIR)s/dup.err.log

[supfleet]
supvisors_list = <n1>127.0.0.1:${p1},<n2>127.0.0.1:${p2}
rules_files = conflict_rules.xml
conciliation_strategy = USER
poll_period = 1
`;
}

async function threeFreePorts(): Promise<[number, number, number]> {
  const ports = new Set<number>();
  while (ports.size < 3) ports.add(await freePort());
  const [a = 0, b = 0, c = 0] = ports;
  return [a, b, c];
}
