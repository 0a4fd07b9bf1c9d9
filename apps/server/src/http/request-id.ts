import { randomUUID } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { silentLogger, type Logger } from '../logging/logger';

/** A caller's own id is kept when it looks like one (a proxy's X-Request-Id), else one is made. */
const CALLER_ID = /^[\w.:-]{1,64}$/;

const SILENT = silentLogger();

/**
 * Gives every request an id (`X-Request-Id`, echoed in the answer) and a child logger that
 * carries it; logs each request at debug level when it ends (path without its query string, so
 * that nothing a client put in a URL is written).
 */
export function requestId(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const given = req.get('x-request-id');
    const id = given && CALLER_ID.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', id);
    const log = logger.child({ requestId: id });
    res.locals.log = log;
    const startedAt = performance.now();
    res.on('finish', () => {
      log.debug(
        {
          method: req.method,
          path: req.path,
          status: res.statusCode,
          ms: Math.round(performance.now() - startedAt),
        },
        'request',
      );
    });
    next();
  };
}

/** The request's logger; a silent one outside requestId (an app built without it). */
export function requestLog(res: Response): Logger {
  return (res.locals.log as Logger | undefined) ?? SILENT;
}
