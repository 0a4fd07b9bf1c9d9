import type { SupervisordProcessInfo } from '@supfleet/protocol';
import type { FleetState } from './fleet-state';
import { namespecOf } from './process-entry';

/**
 * True when a poll does not match the programs the instance was synced with (a process
 * added or removed by `supervisorctl update`): the reducer ignores what it cannot place,
 * so the server should read getAllConfigInfo again.
 */
export function pollNeedsResync(
  state: FleetState,
  instance: string,
  processes: readonly SupervisordProcessInfo[],
): boolean {
  const configs = state.configs[instance] ?? {};
  const reported = new Set(processes.map((info) => namespecOf(info.group, info.name)));
  return (
    reported.size !== Object.keys(configs).length || [...reported].some((namespec) => !(namespec in configs))
  );
}
