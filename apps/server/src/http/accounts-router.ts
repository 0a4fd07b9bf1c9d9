import { Router } from 'express';
import {
  auditQuerySchema,
  tokenCreateBodySchema,
  userCreateBodySchema,
  userUpdateBodySchema,
} from '@supfleet/protocol';
import { noteAudit } from '../audit/audit-requests';
import type { AuditTrail } from '../audit/audit-trail';
import type { Accounts } from '../auth/accounts';
import { requireRole } from '../auth/principal';
import { parseInput } from './parse-input';

/** Administration under /api/v1: users, tokens, the audit log (admin only). */
export function accountsRouter(accounts: Accounts, trail: AuditTrail): Router {
  const router = Router();
  router.get('/users', requireRole('admin'), async (_req, res) => {
    res.json(await accounts.users());
  });
  router.post('/users', requireRole('admin'), async (req, res) => {
    const body = parseInput(userCreateBodySchema, req.body);
    noteAudit(res, { action: 'user.add', target: body.username, params: { role: body.role } });
    res.status(201).json(await accounts.addUser(body.username, body.role, body.password));
  });
  router.patch('/users/:name', requireRole('admin'), async (req, res) => {
    const name = req.params.name;
    const body = parseInput(userUpdateBodySchema, req.body);
    noteAudit(res, {
      action: 'user.update',
      target: name,
      params: { ...(body.role ? { role: body.role } : {}), password: body.password ? 'changed' : 'kept' },
    });
    res.json(await accounts.updateUser(name, body));
  });
  router.delete('/users/:name', requireRole('admin'), async (req, res) => {
    noteAudit(res, { action: 'user.remove', target: req.params.name, params: {} });
    await accounts.removeUser(req.params.name);
    res.status(204).end();
  });

  router.get('/tokens', requireRole('admin'), async (_req, res) => {
    res.json(await accounts.tokens());
  });
  router.post('/tokens', requireRole('admin'), async (req, res) => {
    const body = parseInput(tokenCreateBodySchema, req.body);
    noteAudit(res, {
      action: 'token.create',
      target: body.name,
      params: { role: body.role, expiresDays: body.expiresDays ?? null },
    });
    res.status(201).json(await accounts.createToken(body.name, body.role, body.expiresDays));
  });
  router.delete('/tokens/:name', requireRole('admin'), async (req, res) => {
    noteAudit(res, { action: 'token.revoke', target: req.params.name, params: {} });
    await accounts.revokeToken(req.params.name);
    res.status(204).end();
  });

  router.get('/audit', requireRole('admin'), async (req, res) => {
    const query = parseInput(auditQuerySchema, req.query, 'query');
    res.json({ entries: await trail.query(query) });
  });

  return router;
}
