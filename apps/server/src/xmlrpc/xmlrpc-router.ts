import express, { Router, type ErrorRequestHandler, type RequestHandler } from 'express';
import { decodeMethodCall, encodeFault, encodeMethodResponse } from '@supfleet/supervisor-client';
import type { FleetModel } from '../fleet-model';
import type { Orchestrator } from '../orchestrator/orchestrator';
import type { InstanceMonitor } from '../monitors/instance-monitor';
import type { ProgramSwitch } from '../supervision/program-switch';
import type { RpcSettings } from './xmlrpc-method';
import type { AuditTrail } from '../audit/audit-trail';
import { clientInterface } from '../audit/audit-requests';
import { createMethodTable } from './method-table';
import { toRpcFault } from './rpc-fault';
import { principalOf } from '../auth/principal';
import { DomainError } from '../errors';
import { requestLog } from '../http/request-id';

/** multicall bodies grow with the calls they carry; supervisord sets no limit, this is a generous one. */
const BODY_LIMIT = '1mb';

/**
 * Supvisors-compatible XML-RPC (the `supvisors` and `system` namespaces), to mount at /RPC2.
 * As supervisord does, every answer to a well-formed call is HTTP 200: a value or a fault.
 */
export interface XmlRpcDeps {
  store: FleetModel;
  orchestrator: Orchestrator;
  programs: ProgramSwitch;
  monitors: ReadonlyMap<string, InstanceMonitor>;
  settings: RpcSettings;
}

export function xmlrpcRouter(deps: XmlRpcDeps, trail?: AuditTrail): Router {
  const router = Router();
  const table = createMethodTable(trail);

  router.post('/', xmlOnly, express.text({ type: '*/*', limit: BODY_LIMIT }), async (req, res) => {
    let call: ReturnType<typeof decodeMethodCall>;
    try {
      call = decodeMethodCall(typeof req.body === 'string' ? req.body : '');
    } catch (error) {
      // Not XML-RPC at all: supervisord answers such a request with an HTTP error, not a fault.
      res
        .status(400)
        .type('text/plain')
        .send(`not an XML-RPC methodCall: ${(error as Error).message}`);
      return;
    }
    const principal = principalOf(res);
    if (!principal) throw new DomainError('UNAUTHORIZED', 'authentication required');
    const context = {
      ...deps,
      identifier: req.get('host') ?? req.hostname,
      principal,
      client: { address: req.ip ?? null, interface: clientInterface(req, 'xmlrpc') },
      log: requestLog(res),
    };
    let body: string;
    try {
      body = encodeMethodResponse(await table.call(context, call.method, call.params));
    } catch (error) {
      const fault = toRpcFault(error);
      body = encodeFault(fault.code, fault.message);
    }
    res.type('text/xml').send(body);
  });

  router.all('/', (req, res) => {
    res
      .status(405)
      .set('Allow', 'POST')
      .type('text/plain')
      .send(`${req.method} /RPC2: XML-RPC takes POST only`);
  });
  router.use(bodyErrors);
  return router;
}

/** XML-RPC is text/xml: anything else (an HTML form's text/plain or urlencoded) is refused before it is read. */
const xmlOnly: RequestHandler = (req, res, next) => {
  if (req.is('text/xml')) {
    next();
    return;
  }
  res
    .status(415)
    .type('text/plain')
    .send(`XML-RPC needs Content-Type: text/xml (got ${req.get('content-type') ?? 'none'})`);
};

/** Body-parser failures (too large, bad charset) answer in plain text here, not in the REST API's JSON. */
const bodyErrors: ErrorRequestHandler = (error: unknown, _req, res, next) => {
  const status = (error as { status?: unknown }).status;
  if (typeof status !== 'number') {
    next(error);
    return;
  }
  res
    .status(status)
    .type('text/plain')
    .send((error as Error).message);
};
