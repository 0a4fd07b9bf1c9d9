import { Router, type Request } from 'express';
import {
  agentEventsBodySchema,
  agentHeartbeatBodySchema,
  statsHistoryQuerySchema,
  type AgentAnswer,
} from '@supfleet/protocol';
import type { z } from 'zod';
import { requireRole } from '../auth/principal';
import { DomainError } from '../errors';
import type { StatsHistory } from '../stats/stats-history';
import type { AgentRegistry } from './agent-registry';

/**
 * The agents' pushes and the statistics they bring. Pushes need the operator role: they change
 * what every viewer sees and make the server call supervisord.
 */
export function agentRouter(agents: AgentRegistry, stats: StatsHistory): Router {
  const router = Router();

  router.get('/stats', requireRole('viewer'), (_req, res) => {
    res.json(stats.latest());
  });
  router.get('/stats/history', requireRole('viewer'), (req, res) => {
    const query = parse(statsHistoryQuerySchema, req.query, 'query');
    const samples = stats.history(query.instance, query.process);
    if (!samples) {
      throw new DomainError(
        'NOT_FOUND',
        query.process === undefined
          ? `no statistics for instance ${query.instance} (no agent there, or not yet)`
          : `no statistics for ${query.process} on ${query.instance}`,
      );
    }
    res.json(samples);
  });

  router.post('/agent/events', requireRole('operator'), (req, res) => {
    const body = parse(agentEventsBodySchema, jsonBody(req), 'body');
    res.json({ instance: agents.events(body) } satisfies AgentAnswer);
  });
  router.post('/agent/heartbeat', requireRole('operator'), (req, res) => {
    const body = parse(agentHeartbeatBodySchema, jsonBody(req), 'body');
    res.json({ instance: agents.heartbeat(body) } satisfies AgentAnswer);
  });
  return router;
}

/** A form or text/plain post (what another site can make a browser send) is not read. */
function jsonBody(req: Request): unknown {
  if (!req.is('application/json')) {
    throw new DomainError('BAD_REQUEST', 'the agent routes take Content-Type: application/json');
  }
  return req.body as unknown;
}

function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => `${i.path.join('.') || what}: ${i.message}`).join('; ');
    throw new DomainError('BAD_REQUEST', `invalid request ${what}: ${message}`, parsed.error.issues);
  }
  return parsed.data;
}
