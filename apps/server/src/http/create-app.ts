import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express } from 'express';
import { apiRouter, type ApiDeps } from './api-router';
import { xmlrpcRouter } from '../xmlrpc/xmlrpc-router';
import { errorHandler } from './error-handler';
import { openApiDocument } from './openapi';
import { docsPage } from './docs-page';
import { authenticate } from '../auth/authenticate';
import type { Credentials } from './basic-auth';
import { requestId } from './request-id';
import { healthRouter } from './health-router';
import { silentLogger, type Logger } from '../logging/logger';

const VERSION = '0.1.0';

export interface AppDeps extends ApiDeps {
  /** The built web app (apps/web/dist); not served when absent. */
  webDist?: string;
  /** When set, every request must carry these credentials (HTTP basic). */
  credentials?: Credentials | null;
  /** Every request gets a child of it, with its request id. */
  logger?: Logger;
}

/** Builds the Express app; only main.ts listens. */
export function createApp(deps: AppDeps): Express {
  const { webDist } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.use(requestId(deps.logger ?? silentLogger()));
  // Before authentication: a load balancer or a supervisor asks without credentials.
  app.use(healthRouter(deps.monitors));
  app.use(authenticate(deps.credentials ?? null));
  const openapi = openApiDocument(VERSION);
  app.get('/api/v1/openapi.json', (_req, res) => res.json(openapi));
  app.get('/api/docs', (_req, res) => res.type('html').send(docsPage(openapi)));
  // An agent's heartbeat carries the statistics of every process of its instance.
  app.use('/api/v1/agent', express.json({ limit: '1mb' }));
  app.use('/api/v1', express.json({ limit: '64kb' }), apiRouter(deps));
  app.use('/RPC2', xmlrpcRouter(deps.store, deps.orchestrator));
  if (webDist && existsSync(join(webDist, 'index.html'))) {
    app.use(express.static(webDist, { index: false }));
    app.get('/{*path}', (_req, res) => res.sendFile(join(webDist, 'index.html')));
  }
  app.use(errorHandler);
  return app;
}
