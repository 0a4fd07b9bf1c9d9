import type { RequestHandler, Response } from 'express';
import {
  agentEventsBodySchema,
  agentHeartbeatBodySchema,
  statsHistoryQuerySchema,
  type AgentAnswer,
} from '@supfleet/protocol';
import { noteAudit } from '../audit/audit-requests';
import { DomainError } from '../errors';
import { parseInput } from './parse-input';
import type { StatsHistory } from '../stats/stats-history';
import type { AgentRegistry } from '../agent/agent-registry';

/**
 * The handlers of the agents' pushes and of the statistics they bring (routes of the table:
 * pushes need the operator role, since they change what every viewer sees and make the server
 * call supervisord; JSON only, like every POST, so a cross-site form cannot push).
 */
export function agentHandlers(
  agents: AgentRegistry,
  stats: StatsHistory,
): {
  'get /stats': RequestHandler;
  'get /stats/history': RequestHandler;
  'post /agent/events': RequestHandler;
  'post /agent/heartbeat': RequestHandler;
} {
  return {
    'get /stats': (_req, res) => {
      res.json(stats.latest());
    },
    'get /stats/history': (req, res) => {
      const query = parseInput(statsHistoryQuerySchema, req.query, 'request query');
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
    },
    'post /agent/events': (req, res) => {
      // Every few seconds per instance: the audit would drown in them (a refused one is recorded).
      noteAudit(res, { routine: true });
      const body = parseInput(agentEventsBodySchema, req.body, 'request body');
      answer(res, { instance: agents.events(body) });
    },
    'post /agent/heartbeat': (req, res) => {
      noteAudit(res, { routine: true });
      const body = parseInput(agentHeartbeatBodySchema, req.body, 'request body');
      answer(res, { instance: agents.heartbeat(body) });
    },
  };
}

/** A push's answer, sent as is: no ETag to hash for what nobody caches (every 5 s per agent). */
function answer(res: Response, body: AgentAnswer): void {
  res.type('json').end(JSON.stringify(body));
}
