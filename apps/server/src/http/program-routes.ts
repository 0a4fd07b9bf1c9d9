import { Router, type Request } from 'express';
import { planQuerySchema, programSwitchBodySchema, type StartPlan } from '@supfleet/protocol';
import type { z } from 'zod';
import { principalOf, requireRole } from '../auth/principal';
import { DomainError } from '../errors';
import type { Orchestrator } from '../orchestrator/orchestrator';
import type { ProgramSwitch } from '../supervision/program-switch';

/** Dry runs of starts, and enable / disable of a program on instances. Mounted before the action routes. */
export function programRoutes(orchestrator: Orchestrator, programs: ProgramSwitch): Router {
  const router = Router();

  const plan = (req: Request, target: StartPlan['target']): StartPlan => {
    const query = parse(planQuerySchema, req.query, 'query');
    return orchestrator.preview(target, query);
  };
  router.get('/applications/:name/plan', requireRole('viewer'), (req, res) => {
    res.json(plan(req, { type: 'application', name: String(req.params.name) }));
  });
  router.get('/processes/:namespec/plan', requireRole('viewer'), (req, res) => {
    res.json(plan(req, { type: 'process', name: String(req.params.namespec) }));
  });

  router.get('/disabled', requireRole('viewer'), (_req, res) => {
    res.json(programs.list());
  });
  router.post('/processes/:namespec/disable', requireRole('operator'), async (req, res) => {
    const { instance, wait } = parse(programSwitchBodySchema, req.body ?? {}, 'body');
    const by = principalOf(res)?.name ?? 'unknown';
    const result = await programs.disable(
      String(req.params.namespec),
      instance === undefined ? undefined : [instance],
      by,
      { wait },
    );
    res.json(result);
  });
  router.post('/processes/:namespec/enable', requireRole('operator'), (req, res) => {
    const { instance } = parse(programSwitchBodySchema, req.body ?? {}, 'body');
    res.json(programs.enable(String(req.params.namespec), instance === undefined ? undefined : [instance]));
  });
  return router;
}

function parse<S extends z.ZodType>(schema: S, value: unknown, what: string): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => `${i.path.join('.') || what}: ${i.message}`).join('; ');
    throw new DomainError('BAD_REQUEST', `invalid request ${what}: ${message}`, parsed.error.issues);
  }
  return parsed.data;
}
