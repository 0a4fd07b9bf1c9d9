import { CompiledRules } from './compiled-rules';
import type { Rules, RulesDiagnostic } from './rules';

/** What the check needs of supervisord's configuration of one program. */
export interface ProgramAutorestart {
  group: string;
  name: string;
  /** As supervisord gives it: true/false, or a string such as "unexpected"; absent when unknown. */
  autorestart?: boolean | string;
}

const FIGHTING_STRATEGIES = new Set(['STOP_APPLICATION', 'RESTART_APPLICATION']);
// supervisord's own truthy words, plus `unexpected` (its default), which also restarts a crashed process.
const AUTORESTART_ON = new Set(['true', 'yes', 'on', '1', 'unexpected']);

/**
 * Warns about programs whose running_failure_strategy stops or restarts their application while
 * supervisord restarts them by itself on a crash: the two would fight. The rules alone cannot
 * tell, so the server calls this once it has read supervisord's configuration.
 */
export function autorestartWarnings(rules: Rules, configs: readonly ProgramAutorestart[]): RulesDiagnostic[] {
  if (!(rules instanceof CompiledRules)) return [];
  const warnings: RulesDiagnostic[] = [];
  const seen = new Set<string>();
  for (const config of configs) {
    const namespec = `${config.group}:${config.name}`;
    if (seen.has(namespec) || !isOn(config.autorestart)) continue;
    seen.add(namespec);
    const strategy = rules.programRules(config.group, config.name).runningFailureStrategy;
    const origin = rules.runningFailureOrigin(config.group, config.name);
    if (!FIGHTING_STRATEGIES.has(strategy) || !origin) continue;
    warnings.push({
      ...origin,
      message: `program ${namespec} has running_failure_strategy ${strategy} while supervisord's autorestart is ${String(config.autorestart)}: supervisord would restart it while supfleet stops or restarts the application; set autorestart=false for it`,
    });
  }
  return warnings;
}

function isOn(autorestart: boolean | string | undefined): boolean {
  if (typeof autorestart === 'boolean') return autorestart;
  return autorestart !== undefined && AUTORESTART_ON.has(autorestart.trim().toLowerCase());
}
