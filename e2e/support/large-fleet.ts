import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../scripts/lib/fleet.mjs';
import { launchBrowserFleet, type BrowserFleet } from './browser-fleet';

export interface LargeFleetOptions {
  /** Number of supervisord instances, n1 … nN. */
  instances: number;
  /** Processes of the application `big` on each instance: big_<instance>_000 … */
  perInstance: number;
  /** Whether supervisord starts them all (RUNNING, their uptimes ticking) or leaves them STOPPED. */
  autostart: boolean;
  /**
   * The instances that run the node agent (integrations/agent), heartbeats every
   * `agentPeriod` seconds (default 2); the others are polled only.
   */
  agents?: readonly string[];
  agentPeriod?: number;
}

/** The namespec of the index-th process of an instance, as the conf names them. */
export const bigNamespec = (instance: string, index: number) =>
  `big:big_${instance}_${String(index).padStart(3, '0')}`;

/**
 * One application, `big`, spread over `instances` supervisord, `perInstance` processes each
 * (a `numprocs` program, so the conf stays small), everything on free ports in a temporary
 * directory. The processes sleep and log nothing, so thousands of them cost the machine little.
 */
export async function startLargeFleet(options: LargeFleetOptions): Promise<BrowserFleet> {
  const runRoot = await mkdtemp(path.join(os.tmpdir(), 'supfleet-large-'));
  const ports = new Set<number>();
  while (ports.size < options.instances + 1) ports.add(await freePort());
  const [server = 0, ...instancePorts] = ports;
  const conf = path.join(runRoot, 'supervisord_large.conf');
  return launchBrowserFleet({
    conf,
    runRoot,
    listen: `127.0.0.1:${server}`,
    prepare: async () => {
      await writeFile(path.join(runRoot, 'large_rules.xml'), RULES);
      await writeFile(conf, confText(instancePorts, options));
      await writeFile(path.join(runRoot, 'agent.sh'), agentScript(server, options));
    },
  });
}

const RULES = `<?xml version="1.0" encoding="UTF-8"?>
<root>
  <application name="big">
    <programs>
      <program pattern="">
        <start_sequence>1</start_sequence>
      </program>
    </programs>
  </application>
</root>
`;

const AGENT = fileURLToPath(new URL('../../integrations/agent/supfleet_agent.py', import.meta.url));

function agentScript(server: number, { agents = [], agentPeriod = 2 }: LargeFleetOptions): string {
  return `case " ${agents.join(' ')} " in
  *" $SUPFLEET_NODE "*) exec python3 ${AGENT} --url http://127.0.0.1:${server} --instance "$SUPFLEET_NODE" --period ${agentPeriod} ;;
  *) exec sleep 1000000 ;;
esac
`;
}

function confText(ports: number[], { perInstance, autostart, agents = [] }: LargeFleetOptions): string {
  const list = ports.map((port, i) => `<n${i + 1}>127.0.0.1:${port}`).join(',');
  // One conf for every instance: agent.sh runs the agent where SUPFLEET_NODE is one of `agents`;
  // elsewhere a listener that never says READY, so supervisord sends it nothing.
  const listener =
    agents.length === 0
      ? ''
      : `
[eventlistener:supfleet]
command = /bin/sh %(here)s/agent.sh
events = PROCESS_STATE,PROCESS_GROUP
priority = 1000
buffer_size = 1024
autorestart = true
stderr_logfile = %(ENV_SUPFLEET_RUN_DIR)s/agent.err.log
`;
  return `[inet_http_server]
port = 127.0.0.1:%(ENV_SUPFLEET_PORT)s

[supervisord]
logfile = %(ENV_SUPFLEET_RUN_DIR)s/supervisord.log
pidfile = %(ENV_SUPFLEET_RUN_DIR)s/supervisord.pid
childlogdir = %(ENV_SUPFLEET_RUN_DIR)s
identifier = %(ENV_SUPFLEET_NODE)s
minfds = 1024

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[program:big]
command = /bin/sleep 1000000
process_name = %(program_name)s_%(ENV_SUPFLEET_NODE)s_%(process_num)03d
numprocs = ${perInstance}
autostart = ${autostart}
autorestart = false
startsecs = 0
stopwaitsecs = 2
redirect_stderr = true
stdout_logfile = NONE
${listener}
[supfleet]
supvisors_list = ${list}
rules_files = large_rules.xml
poll_period = 1
`;
}
