import { processStateFromCode } from '@supfleet/protocol';
import type { AgentListener, SupervisordConfigInfo, SupervisordProcessInfo } from '@supfleet/protocol';
import { namespecOf } from './process-entry';

/**
 * The node agent's event listener (`[eventlistener:supfleet]`, docs/agent.md): its command runs
 * supfleet_agent. It belongs to the instance, not to any application: the fleet model shows it
 * on its instance and never as a process.
 */
export function isAgentListener(config: SupervisordConfigInfo | undefined): boolean {
  return config !== undefined && /supfleet_agent/.test(config.command);
}

/** What the instance says about its listener; the uptime left out of the description, as for processes. */
export function agentListenerEntry(info: SupervisordProcessInfo): AgentListener {
  const state = processStateFromCode(info.state);
  return {
    namespec: namespecOf(info.group, info.name),
    state,
    description: state === 'RUNNING' ? info.description.replace(/, uptime .*$/, '') : info.description,
    pid: info.pid,
    start: info.start,
  };
}
