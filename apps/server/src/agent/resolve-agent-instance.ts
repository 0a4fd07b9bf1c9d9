import type { InstanceConfig } from '@supfleet/core';

export interface AgentIdentity {
  instance?: string;
  supervisor?: string;
}

/**
 * Which configured instance an agent speaks for: its --instance nick, else supervisord's URL
 * matched on port (and on host when several instances share the port). A string is the reason
 * it matches none.
 */
export function resolveAgentInstance(
  instances: readonly InstanceConfig[],
  identity: AgentIdentity,
): { id: string } | { error: string } {
  if (identity.instance !== undefined) {
    return instances.some((i) => i.id === identity.instance)
      ? { id: identity.instance }
      : { error: `unknown instance ${identity.instance}` };
  }
  const url = identity.supervisor ?? '';
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return { error: `supervisor "${url}" is not a URL; give the agent --instance NICK` };
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:') {
    return { error: `supervisord listens on ${target.protocol}, not HTTP; give the agent --instance NICK` };
  }
  const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
  const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
  const samePort = instances.filter((i) => i.port === port);
  const match = samePort.length === 1 ? samePort : samePort.filter((i) => i.host === host);
  if (match.length === 1) return { id: match[0]!.id };
  return {
    error:
      match.length === 0
        ? `no instance of supvisors_list is ${host}:${port}; give the agent --instance NICK`
        : `several instances match ${host}:${port}; give the agent --instance NICK`,
  };
}
