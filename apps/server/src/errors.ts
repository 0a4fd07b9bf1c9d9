import type { ErrorCode } from '@supfleet/protocol';

/** An error the API reports to its caller as it is: the message is safe to show. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const STATUS_OF: Record<ErrorCode, number> = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  MISDIRECTED: 421,
  UNSUPPORTED_MEDIA_TYPE: 415,
  PAYLOAD_TOO_LARGE: 413,
  RATE_LIMITED: 429,
  NOT_FOUND: 404,
  CONFLICT: 409,
  ALREADY_STARTED: 409,
  NOT_RUNNING: 409,
  REFUSED: 422,
  UNAVAILABLE: 503,
  INTERNAL: 500,
};
