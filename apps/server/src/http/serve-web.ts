import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import express, { Router } from 'express';

/** Vite names every file under assets/ by its content hash: a new build is a new name. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Everything else (index.html, favicon, logo) is revalidated on each use. */
const REVALIDATE = 'no-cache';

/**
 * The built web app: hashed assets cached for a year, index.html (also the answer to every
 * client-side route) revalidated each time so that a new build is seen at once. Null when
 * there is no build.
 */
export function serveWeb(webDist: string | undefined): Router | null {
  if (!webDist || !existsSync(join(webDist, 'index.html'))) return null;
  const assets = join(webDist, 'assets') + sep;
  const router = Router();
  router.use(
    express.static(webDist, {
      index: false,
      setHeaders(res, path) {
        res.setHeader('Cache-Control', path.startsWith(assets) ? IMMUTABLE : REVALIDATE);
      },
    }),
  );
  router.get('/{*path}', (_req, res) => {
    res.setHeader('Cache-Control', REVALIDATE);
    res.sendFile(join(webDist, 'index.html'));
  });
  return router;
}
