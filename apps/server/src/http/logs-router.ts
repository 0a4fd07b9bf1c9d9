import { ownEntry } from '@supfleet/core';
import { Router } from 'express';
import { logQuerySchema } from '@supfleet/protocol';
import { SupervisorClientError } from '@supfleet/supervisor-client';
import { DomainError } from '../errors';
import { requireRole } from '../auth/principal';
import type { FleetStore } from '../fleet-store';
import type { InstanceMonitor } from '../monitors/instance-monitor';

/** Process logs, read from the supervisord that runs (or last ran) the process. */
export function logsRouter(store: FleetStore, monitors: ReadonlyMap<string, InstanceMonitor>): Router {
  const router = Router();

  const monitorFor = (namespec: string, requested?: string): InstanceMonitor => {
    const process = ownEntry(store.state.processes, namespec);
    if (!process) throw new DomainError('NOT_FOUND', `unknown process ${namespec}`);
    const instance = requested ?? process.instance ?? process.definedOn[0];
    if (!instance || !process.definedOn.includes(instance)) {
      throw new DomainError('NOT_FOUND', `${namespec} is not defined on ${instance ?? 'any instance'}`);
    }
    if (store.state.instances[instance]?.state !== 'RUNNING') {
      throw new DomainError(
        'UNAVAILABLE',
        `${instance} is ${store.state.instances[instance]?.state ?? 'unknown'}`,
      );
    }
    return monitors.get(instance)!;
  };

  router.get('/processes/:namespec/logs/:channel', requireRole('viewer'), async (req, res) => {
    const { namespec, channel } = req.params;
    if (channel !== 'stdout' && channel !== 'stderr') {
      throw new DomainError('BAD_REQUEST', `unknown log channel ${channel}: use stdout or stderr`);
    }
    const query = logQuerySchema.safeParse(req.query);
    if (!query.success) {
      throw new DomainError(
        'BAD_REQUEST',
        query.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      );
    }
    const monitor = monitorFor(namespec, query.data.instance);
    const { offset, length } = query.data;
    const answer = await unavailableOnFailure(() =>
      channel === 'stdout'
        ? monitor.client.tailProcessStdoutLog(namespec, offset, length)
        : monitor.client.tailProcessStderrLog(namespec, offset, length),
    );
    res.json({ namespec, instance: monitor.instance.id, channel, ...answer });
  });

  router.delete('/processes/:namespec/logs', requireRole('operator'), async (req, res) => {
    const monitor = monitorFor(req.params.namespec);
    await unavailableOnFailure(() => monitor.client.clearProcessLogs(req.params.namespec));
    res.json({ cleared: true });
  });

  return router;
}

async function unavailableOnFailure<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof SupervisorClientError) throw new DomainError('UNAVAILABLE', error.message);
    throw error;
  }
}
