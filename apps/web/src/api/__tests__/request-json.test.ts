import { describe, expect, it } from 'vitest';
import { pageHeaders } from '../page-headers';
import { retryAfterSeconds } from '../request-json';

describe('retryAfterSeconds', () => {
  const now = Date.UTC(2026, 11, 1, 16, 0, 0);
  it.each([
    { name: 'absent', header: null, expected: null },
    { name: 'blank', header: ' ', expected: null },
    { name: 'seconds', header: '42', expected: 42 },
    { name: 'an HTTP date, rounded up', header: 'Tue, 01 Dec 2026 16:00:09 GMT', expected: 9 },
    { name: 'an HTTP date already past', header: 'Tue, 01 Dec 2026 15:59:00 GMT', expected: 0 },
    { name: 'unreadable', header: 'soon', expected: null },
  ])('$name', ({ header, expected }) => {
    expect(retryAfterSeconds(header, now)).toBe(expected);
  });
});

describe('pageHeaders', () => {
  it('marks every request as the page', () => {
    expect(pageHeaders()['X-Supfleet-Client']).toBe('page');
    expect(pageHeaders('DELETE')['X-Supfleet-Client']).toBe('page');
  });

  it.each(['POST', 'PATCH', 'DELETE'])('says JSON on %s, even without a body', (method) => {
    expect(pageHeaders(method)['Content-Type']).toBe('application/json');
  });

  it('sends no Content-Type on a read', () => {
    expect(pageHeaders('GET')['Content-Type']).toBeUndefined();
  });
});
