import type { RequestHandler } from 'express';
import {
  isRunningLike,
  supervisordControlBodySchema,
  type SupervisordControlAnswer,
} from '@supfleet/protocol';
import { ownEntry } from '@supfleet/core';
import { DomainError } from '../errors';
import type { FleetModel } from '../fleet-model';
import type { InstanceMonitor } from '../monitors/instance-monitor';
import { parseInput } from './parse-input';
import { SupervisorClientError } from '@supfleet/supervisor-client';

type Control = SupervisordControlAnswer['action'];

/**
 * Restart or shut down one supervisord (admin, confirmed): supervisord stops every process it
 * runs itself; the monitor then sees it go and, after a restart, come back. The answer names
 * what was running there, so the caller can say what stopped.
 */
export function instanceHandlers(
  store: FleetModel,
  monitors: ReadonlyMap<string, InstanceMonitor>,
): Record<'post /instances/:id/restart' | 'post /instances/:id/shutdown', RequestHandler<{ id: string }>> {
  const control =
    (action: Control): RequestHandler<{ id: string }> =>
    async (req, res) => {
      const { id } = req.params;
      const instance = ownEntry(store.state.instances, id);
      const monitor = monitors.get(id);
      if (!instance || !monitor) throw new DomainError('NOT_FOUND', `unknown instance ${id}`);
      parseInput(supervisordControlBodySchema, req.body, 'request body');
      if (instance.state !== 'RUNNING') throw new DomainError('UNAVAILABLE', `${id} is ${instance.state}`);
      const stopped = Object.values(store.state.processes)
        .filter((p) => p.instances.some((entry) => entry.instance === id && isRunningLike(entry.state)))
        .map((p) => p.namespec)
        .sort();
      try {
        await monitor.changes.supervisord(action);
      } catch (error) {
        if (error instanceof SupervisorClientError) throw new DomainError('UNAVAILABLE', error.message);
        throw error;
      }
      res.json({ instance: id, action, stopped } satisfies SupervisordControlAnswer);
    };
  return {
    'post /instances/:id/restart': control('restart'),
    'post /instances/:id/shutdown': control('shutdown'),
  };
}
