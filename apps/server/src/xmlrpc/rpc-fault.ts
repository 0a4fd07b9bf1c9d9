import { DomainError } from '../errors';
import type { ErrorCode } from '@supfleet/protocol';

/**
 * Fault codes as supervisord (supervisor/xmlrpc.py `Faults`) and Supvisors 0.19
 * (`SupvisorsFaults`, offset 100) number them; only those this endpoint can answer.
 */
export const FAULT_CODES = {
  UNKNOWN_METHOD: 1,
  INCORRECT_PARAMETERS: 2,
  SIGNATURE_UNSUPPORTED: 4,
  BAD_NAME: 10,
  FAILED: 30,
  ABNORMAL_TERMINATION: 40,
  ALREADY_STARTED: 60,
  NOT_RUNNING: 70,
  STILL_RUNNING: 91,
  SUPVISORS_CONF_ERROR: 100,
  BAD_SUPVISORS_STATE: 101,
  NOT_MANAGED: 102,
  DISABLED: 103,
  NOT_APPLICABLE: 104,
} as const;
export type FaultName = keyof typeof FAULT_CODES;

/** An XML-RPC fault; its faultString reads `NAME: detail`, as supervisord's RPCError writes it. */
export class RpcFault extends Error {
  override name = 'RpcFault';
  constructor(
    readonly faultName: FaultName,
    detail?: string,
  ) {
    super(detail === undefined ? faultName : `${faultName}: ${detail}`);
  }

  get code(): number {
    return FAULT_CODES[this.faultName];
  }
}

/** The one place where domain errors become faults; the caller checks what Supvisors checks first. */
const FAULT_OF: Record<ErrorCode, FaultName> = {
  NOT_FOUND: 'BAD_NAME',
  BAD_REQUEST: 'INCORRECT_PARAMETERS',
  // A request the orchestrator refuses to queue (no candidate instance): Supvisors' "internal request failed".
  REFUSED: 'ABNORMAL_TERMINATION',
  CONFLICT: 'FAILED',
  ALREADY_STARTED: 'ALREADY_STARTED',
  NOT_RUNNING: 'NOT_RUNNING',
  UNAVAILABLE: 'FAILED',
  UNAUTHORIZED: 'FAILED',
  FORBIDDEN: 'FAILED',
  MISDIRECTED: 'FAILED',
  UNSUPPORTED_MEDIA_TYPE: 'INCORRECT_PARAMETERS',
  PAYLOAD_TOO_LARGE: 'INCORRECT_PARAMETERS',
  RATE_LIMITED: 'FAILED',
  INTERNAL: 'FAILED',
};

export function toRpcFault(error: unknown): RpcFault {
  if (error instanceof RpcFault) return error;
  if (error instanceof DomainError) return new RpcFault(FAULT_OF[error.code], error.message);
  // supervisord answers any other exception as FAILED with its text.
  return new RpcFault('FAILED', error instanceof Error ? error.message : String(error));
}
