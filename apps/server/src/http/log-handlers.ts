import { ownEntry } from '@supfleet/core';
import type { RequestHandler } from 'express';
import { clearLogsQuerySchema, logQuerySchema } from '@supfleet/protocol';
import { SupervisorClientError } from '@supfleet/supervisor-client';
import { DomainError } from '../errors';
import type { FleetModel } from '../fleet-model';
import type { InstanceMonitor } from '../monitors/instance-monitor';
import { parseInput } from './parse-input';

/** Process logs, read from the supervisord that runs (or last ran) the process: the handlers of their routes. */
export function logHandlers(
  store: FleetModel,
  monitors: ReadonlyMap<string, InstanceMonitor>,
): {
  'get /processes/:namespec/logs/:channel': RequestHandler<{ namespec: string; channel: string }>;
  'delete /processes/:namespec/logs': RequestHandler<{ namespec: string }>;
} {
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

  const tail: RequestHandler<{ namespec: string; channel: string }> = async (req, res) => {
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
    const { offset, length, from } = query.data;
    if (from !== undefined) {
      const read =
        channel === 'stdout' ? 'supervisor.readProcessStdoutLog' : 'supervisor.readProcessStderrLog';
      const tail = channel === 'stdout' ? 'tailProcessStdoutLog' : 'tailProcessStderrLog';
      // The size first: a range read past the end answers '' and would hide a cleared log.
      const { offset: size } = await unavailableOnFailure(() => monitor.client[tail](namespec, 0, 0));
      const answer =
        from >= size
          ? ''
          : await unavailableOnFailure(() => monitor.client.call(read, [namespec, from, length]));
      const bytes = typeof answer === 'string' ? answer : '';
      res.json({
        namespec,
        instance: monitor.instance.id,
        channel,
        bytes,
        from,
        next: from + Buffer.byteLength(bytes, 'utf8'),
        size,
      });
      return;
    }
    const answer = await unavailableOnFailure(() =>
      channel === 'stdout'
        ? monitor.client.tailProcessStdoutLog(namespec, offset, length)
        : monitor.client.tailProcessStderrLog(namespec, offset, length),
    );
    res.json({ namespec, instance: monitor.instance.id, channel, ...answer });
  };

  const clear: RequestHandler<{ namespec: string }> = async (req, res) => {
    const { instance } = parseInput(clearLogsQuerySchema, req.query, 'request query');
    const monitor = monitorFor(req.params.namespec, instance);
    await unavailableOnFailure(() => monitor.changes.clearProcessLogs(req.params.namespec));
    res.json({ cleared: true });
  };

  return { 'get /processes/:namespec/logs/:channel': tail, 'delete /processes/:namespec/logs': clear };
}

async function unavailableOnFailure<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof SupervisorClientError) throw new DomainError('UNAVAILABLE', error.message);
    throw error;
  }
}
