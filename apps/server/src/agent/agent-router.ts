import { Router } from 'express';
import {
  agentEventsBodySchema,
  agentHeartbeatBodySchema,
  statsHistoryQuerySchema,
  type AgentAnswer,
} from '@supfleet/protocol';
import type { z } from 'zod';
import { requireRole } from '../auth/principal';
import { noteAudit } from '../audit/audit-requests';
import { DomainError } from '../errors';
import type { StatsHistory } from '../stats/stats-history';
import type { AgentRegistry } from './agent-registry';

/**
 * The agents' pushes and the statistics they bring. Pushes need the operator role: they change
 * what every viewer sees and make the server call supervisord. JSON only, like every POST
 * (http/security-middleware.ts), so a cross-site form cannot push.
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
    // Every few seconds per instance: the audit would drown in them (a refused one is recorded).
    noteAudit(res, { routine: true });
    const body = parse(agentEventsBodySchema, req.body, 'body');
    res.json({ instance: agents.events(body) } satisfies AgentAnswer);
  });
  router.post('/agent/heartbeat', requireRole('operator'), (req, res) => {
    noteAudit(res, { routine: true });
    const body = parse(agentHeartbeatBodySchema, req.body, 'body');
    res.json({ instance: agents.heartbeat(body) } satisfies AgentAnswer);
  });
  return router;
}

function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => `${i.path.join('.') || what}: ${i.message}`).join('; ');
    throw new DomainError('BAD_REQUEST', `invalid request ${what}: ${message}`, parsed.error.issues);
  }
  return parsed.data;
}
