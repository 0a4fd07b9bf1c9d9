import { describe, expect, it } from 'vitest';
import { auditParamsText, auditResultText, auditSourceText } from '../audit-text';

describe('auditResultText', () => {
  it.each([
    {
      name: 'accepted with its job',
      entry: { result: 'accepted', reason: null, jobId: '12' },
      expected: 'accepted · job 12',
    },
    {
      name: 'refused with its reason',
      entry: { result: 'refused', reason: 'viewer: needs the operator role', jobId: null },
      expected: 'refused: viewer: needs the operator role',
    },
    {
      name: 'failed job',
      entry: { result: 'failed', reason: 'scen1_hci FATAL', jobId: '7' },
      expected: 'failed: scen1_hci FATAL · job 7',
    },
    {
      name: 'plain success',
      entry: { result: 'succeeded', reason: null, jobId: null },
      expected: 'succeeded',
    },
  ] as const)('$name', ({ entry, expected }) => {
    expect(auditResultText(entry)).toBe(expected);
  });
});

describe('auditParamsText', () => {
  it.each([
    { name: 'none', params: {}, expected: '' },
    {
      name: 'strings bare, others as JSON',
      params: { keep: 'n2', wait: false, n: 3 },
      expected: 'keep=n2, wait=false, n=3',
    },
    { name: 'nested', params: { rule: { a: 1 } }, expected: 'rule={"a":1}' },
  ])('$name', ({ params, expected }) => {
    expect(auditParamsText(params)).toBe(expected);
  });
});

describe('auditSourceText', () => {
  it.each([
    { name: 'the page', entry: { interface: 'page', address: '127.0.0.1' }, expected: 'page from 127.0.0.1' },
    { name: 'supfleet itself', entry: { interface: 'system', address: null }, expected: 'system' },
  ] as const)('$name', ({ entry, expected }) => {
    expect(auditSourceText(entry)).toBe(expected);
  });
});
