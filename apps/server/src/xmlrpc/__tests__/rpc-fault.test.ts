import { describe, expect, it } from 'vitest';
import { DomainError } from '../../errors';
import { RpcFault, toRpcFault } from '../rpc-fault';

describe('faults for domain errors', () => {
  it.each<{ case: string; error: unknown; code: number; text: string }>([
    {
      case: 'unknown name',
      error: new DomainError('NOT_FOUND', 'unknown process a:b'),
      code: 10,
      text: 'BAD_NAME: unknown process a:b',
    },
    {
      case: 'no candidate instance',
      error: new DomainError('REFUSED', 'not defined on n2'),
      code: 40,
      text: 'ABNORMAL_TERMINATION: not defined on n2',
    },
    {
      case: 'a job already runs',
      error: new DomainError('CONFLICT', 'job-3 running'),
      code: 30,
      text: 'FAILED: job-3 running',
    },
    {
      case: 'bad request',
      error: new DomainError('BAD_REQUEST', 'bad'),
      code: 2,
      text: 'INCORRECT_PARAMETERS: bad',
    },
    { case: 'any other exception', error: new TypeError('boom'), code: 30, text: 'FAILED: boom' },
    {
      case: 'a fault stays as it is',
      error: new RpcFault('NOT_MANAGED', 'misc'),
      code: 102,
      text: 'NOT_MANAGED: misc',
    },
  ])('$case → $code', ({ error, code, text }) => {
    const fault = toRpcFault(error);
    expect([fault.code, fault.message]).toEqual([code, text]);
  });
});
