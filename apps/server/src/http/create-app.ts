import compression from 'compression';
import express, { type Express } from 'express';
import { apiRouter, type ApiDeps } from './api-router';
import { xmlrpcRouter } from '../xmlrpc/xmlrpc-router';
import { errorHandler } from './error-handler';
import { DomainError } from '../errors';
import { openApiDocument } from './openapi';
import { docsPage } from './docs-page';
import { authenticate } from '../auth/authenticate';
import type { RpcSettings } from '../xmlrpc/xmlrpc-method';
import type { Authenticator } from '../auth/authenticator';
import type { Accounts } from '../auth/accounts';
import { auditRequests } from '../audit/audit-requests';
import type { AuditTrail } from '../audit/audit-trail';
import { accountsRouter } from './accounts-router';
import { sessionRouter } from './session-router';
import {
  accessGate,
  decodablePath,
  hostCheck,
  jsonBodiesOnly,
  sameOriginOnly,
  securityHeaders,
  type SecurityOptions,
} from './security-middleware';
import { requestId } from './request-id';
import { healthRouter } from './health-router';
import { requireRole } from '../auth/principal';
import type { ServiceMetrics } from '../metrics/service-metrics';
import { historyRouter } from './history-router';
import type { HistoryRecorder } from '../history/history-recorder';
import { serveWeb } from './serve-web';
import { silentLogger, type Logger } from '../logging/logger';

const VERSION = '0.1.0';

export interface AppSecurity extends SecurityOptions {
  authenticator: Authenticator;
  accounts: Accounts;
  trail: AuditTrail;
  /** Express's trust proxy setting (trust_proxy). */
  trustProxySetting: boolean | number | string[];
}

export interface AppDeps extends ApiDeps {
  /** The built web app (apps/web/dist); not served when absent. */
  webDist?: string;
  security: AppSecurity;
  /** Every request gets a child of it, with its request id. */
  logger?: Logger;
  /** What XML-RPC's get_strategies reports. */
  settings: RpcSettings;
  /** Served at /metrics (viewer role); counts the HTTP requests. */
  metrics?: ServiceMetrics;
  /** Records who asked for each job (GET /api/v1/history is a route of the table). */
  history?: HistoryRecorder;
}

/**
 * Builds the Express app; only main.ts listens. The defences are middleware in front of every
 * route, so that routes added later are covered: Host check, decodable URL, security headers,
 * audit of every state change, same-origin only, JSON bodies only, authentication, access gate.
 */
export function createApp(deps: AppDeps): Express {
  const { webDist, security } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', security.trustProxySetting);
  app.use(hostCheck(security));
  app.use(decodablePath);
  app.use(securityHeaders(security));
  app.use(requestId(deps.logger ?? silentLogger()));
  if (deps.metrics) app.use(deps.metrics.httpMiddleware);
  // brotli or gzip for what is worth it (1 KB and more): GET /api/v1/processes of 2,000 processes is 1.2 MB of JSON.
  app.use(compression({ threshold: 1024 }));
  // Before authentication (a load balancer or a supervisor asks without credentials), after the Host check.
  app.use(healthRouter(deps.monitors));
  app.use(auditRequests(security.trail));
  app.use(sameOriginOnly(security));
  app.use('/api', jsonBodiesOnly);
  app.use(authenticate(security.authenticator));
  app.use(accessGate);
  const registry = deps.metrics?.registry;
  if (registry) {
    app.get('/metrics', requireRole('viewer'), async (_req, res) => {
      res.type(registry.contentType).send(await registry.metrics());
    });
  }
  const openapi = openApiDocument(VERSION);
  app.get('/api/v1/openapi.json', (_req, res) => res.json(openapi));
  app.get('/api/docs', (_req, res) => res.type('html').send(docsPage(openapi)));
  if (deps.history) app.use('/api/v1', historyRouter(deps.history));
  // An agent's heartbeat carries the statistics of every process of its instance.
  app.use('/api/v1/agent', express.json({ limit: '1mb' }));
  app.use(
    '/api/v1',
    express.json({ limit: '64kb' }),
    sessionRouter(security.authenticator),
    accountsRouter(security.accounts, security.trail),
    apiRouter(deps),
  );
  app.use('/RPC2', xmlrpcRouter(deps, security.trail));
  const web = serveWeb(webDist);
  if (web) app.use(web);
  // Ours, not Express's final handler: that one replaces the security headers with its own.
  app.use((req) => {
    throw new DomainError('NOT_FOUND', `no route ${req.method} ${req.path.slice(0, 200)}`);
  });
  app.use(errorHandler);
  return app;
}
