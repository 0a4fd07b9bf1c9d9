import type { ErrorRequestHandler } from 'express';
import type { ErrorBody, ErrorCode } from '@supfleet/protocol';
import { DomainError, STATUS_OF } from '../errors';
import { requestLog } from './request-id';
import { noteAudit } from '../audit/audit-requests';

/** Statuses of errors from Express and body-parser (bad encoding, too large, bad charset) and their codes. */
const CLIENT_ERRORS: Record<number, ErrorCode> = {
  400: 'BAD_REQUEST',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/** The one place that turns errors into responses: domain errors as they are, client errors with their status, the rest as 500. */
export const errorHandler: ErrorRequestHandler = (error: unknown, req, res, _next) => {
  let body: ErrorBody;
  let status: number;
  if (error instanceof DomainError) {
    status = STATUS_OF[error.code];
    body = { error: { code: error.code, message: error.message, details: error.details } };
    if (error.code === 'RATE_LIMITED') {
      const wait = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds ?? 60;
      res.setHeader('Retry-After', String(wait));
    }
    // The page has its own login form: a challenge would make the browser prompt.
    if (status === 401 && req.get('x-supfleet-client') !== 'page') {
      res.setHeader('WWW-Authenticate', 'Basic realm="supfleet", charset="UTF-8"');
    }
  } else if (clientStatus(error) !== undefined) {
    status = clientStatus(error)!;
    const code = CLIENT_ERRORS[status] ?? 'BAD_REQUEST';
    const message = (error as Error).message;
    body = {
      error: {
        code,
        message: status === 400 && isParseError(error) ? `invalid JSON body: ${message}` : message,
      },
    };
  } else {
    requestLog(res).error({ err: error }, 'request failed');
    status = 500;
    body = { error: { code: 'INTERNAL', message: 'internal error' } };
  }
  noteAudit(res, { reason: body.error.message });
  if (res.headersSent) {
    res.end();
    return;
  }
  res.status(status).json(body);
};

/** A 4xx of an http-errors style error (Express's router, body-parser); undefined for anything else. */
function clientStatus(error: unknown): number | undefined {
  if (!(error instanceof Error)) return undefined;
  const status =
    (error as { status?: unknown; statusCode?: unknown }).status ??
    (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

function isParseError(error: unknown): boolean {
  return (error as { type?: unknown }).type === 'entity.parse.failed';
}
