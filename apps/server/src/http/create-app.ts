import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express } from 'express';
import type { FleetStore } from '../fleet-store';
import type { Orchestrator } from '../orchestrator/orchestrator';
import { apiRouter } from './api-router';
import { xmlrpcRouter } from '../xmlrpc/xmlrpc-router';
import { errorHandler } from './error-handler';

export interface AppDeps {
  store: FleetStore;
  orchestrator: Orchestrator;
  /** The built web app (apps/web/dist); not served when absent. */
  webDist?: string;
}

/** Builds the Express app; only main.ts listens. */
export function createApp({ store, orchestrator, webDist }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use('/api/v1', express.json({ limit: '64kb' }), apiRouter(store, orchestrator));
  app.use('/RPC2', xmlrpcRouter(store, orchestrator));
  if (webDist && existsSync(join(webDist, 'index.html'))) {
    app.use(express.static(webDist, { index: false }));
    app.get('/{*path}', (_req, res) => res.sendFile(join(webDist, 'index.html')));
  }
  app.use(errorHandler);
  return app;
}
