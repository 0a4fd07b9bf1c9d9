import { describe, expect, it } from 'vitest';
import { crossSiteReason, defaultAllowedHosts, hostAllowed, hostnameOf } from '../request-guards';

describe('request guards', () => {
  it.each([
    { host: '127.0.0.1:61100', allowed: ['127.0.0.1'], ok: true },
    { host: 'LOCALHOST:80', allowed: ['localhost'], ok: true },
    { host: '[::1]:61100', allowed: ['[::1]'], ok: true },
    { host: 'attacker.example:61100', allowed: ['localhost', '127.0.0.1'], ok: false },
    { host: 'localhost.attacker.example', allowed: ['localhost'], ok: false },
    { host: 'fleet.example.com', allowed: ['*.example.com'], ok: true },
    { host: 'example.com', allowed: ['.example.com'], ok: true },
    { host: 'evilexample.com', allowed: ['.example.com'], ok: false },
    { host: 'anything', allowed: ['*'], ok: true },
    { host: undefined, allowed: ['*'], ok: false },
  ])('Host $host against $allowed: $ok', ({ host, allowed, ok }) => {
    expect(hostAllowed(host, allowed)).toBe(ok);
  });

  it('strips the port, keeps IPv6 brackets', () => {
    expect([hostnameOf('a.b:1'), hostnameOf('[::1]:2'), hostnameOf('[::1]'), hostnameOf('x')]).toEqual([
      'a.b',
      '[::1]',
      '[::1]',
      'x',
    ]);
  });

  it('defaults to the listen address and the loopback names', () => {
    expect(defaultAllowedHosts('10.0.0.5')).toEqual(['localhost', '127.0.0.1', '[::1]', '10.0.0.5']);
    expect(defaultAllowedHosts('::1')).toEqual(['localhost', '127.0.0.1', '[::1]']);
    expect(defaultAllowedHosts('0.0.0.0')).toHaveLength(4);
  });

  it.each([
    { name: 'no browser headers (curl, Python)', headers: {}, cross: false },
    {
      name: 'same-origin fetch',
      headers: { 'sec-fetch-site': 'same-origin', origin: 'http://h:1' },
      cross: false,
    },
    { name: 'typed URL', headers: { 'sec-fetch-site': 'none' }, cross: false },
    { name: 'another site', headers: { 'sec-fetch-site': 'cross-site' }, cross: true },
    { name: 'another port of the same host', headers: { 'sec-fetch-site': 'same-site' }, cross: true },
    { name: 'a foreign Origin', headers: { origin: 'http://evil.example' }, cross: true },
    { name: 'Origin null (sandboxed frame, file://)', headers: { origin: 'null' }, cross: true },
    { name: 'the same host on another port', headers: { origin: 'http://h:2' }, cross: true },
  ])('$name: cross-site $cross', ({ headers, cross }) => {
    expect(crossSiteReason(headers, 'h:1') !== null).toBe(cross);
  });
});
