import type { ErrorRequestHandler } from 'express';
import type { ErrorBody } from '@supfleet/protocol';
import { DomainError, STATUS_OF } from '../errors';
import { requestLog } from './request-id';

/** The one place that turns errors into responses: domain errors as they are, the rest as 500. */
export const errorHandler: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
  let body: ErrorBody;
  let status: number;
  if (error instanceof DomainError) {
    status = STATUS_OF[error.code];
    body = { error: { code: error.code, message: error.message, details: error.details } };
  } else if (isBodyParserError(error)) {
    status = 400;
    body = { error: { code: 'BAD_REQUEST', message: `invalid JSON body: ${error.message}` } };
  } else {
    requestLog(res).error({ err: error }, 'request failed');
    status = 500;
    body = { error: { code: 'INTERNAL', message: 'internal error' } };
  }
  res.status(status).json(body);
};

function isBodyParserError(error: unknown): error is Error & { type: string } {
  return (
    error instanceof Error && typeof (error as { type?: unknown }).type === 'string' && 'status' in error
  );
}
