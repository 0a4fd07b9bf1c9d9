import { describe, expect, it } from 'vitest';
import { loginPath, returnPath } from '../return-path';

describe('returnPath', () => {
  it.each([
    { name: 'no from', from: null, expected: '/' },
    { name: 'a page of the site', from: '/applications/scen1', expected: '/applications/scen1' },
    { name: 'with its query and hash', from: '/audit?actor=viewer#top', expected: '/audit?actor=viewer#top' },
    { name: 'a relative path', from: 'applications/scen1', expected: '/' },
    { name: 'an absolute URL', from: 'https://evil.example/', expected: '/' },
    { name: 'a protocol-relative URL', from: '//evil.example/x', expected: '/' },
    { name: 'a backslash host', from: '/\\evil.example', expected: '/' },
    { name: 'a backslash further on', from: '/a\\..\\\\evil.example', expected: '/' },
    { name: 'a tab before the host', from: '/\t/evil.example', expected: '/' },
    { name: 'a javascript: URL', from: 'javascript:alert(1)', expected: '/' },
    { name: 'the login page itself', from: '/login', expected: '/' },
    { name: 'the login page with a from', from: '/login?from=/audit', expected: '/' },
    { name: 'a page whose name starts like login', from: '/logins', expected: '/logins' },
  ])('$name', ({ from, expected }) => {
    expect(returnPath(from)).toBe(expected);
  });
});

describe('loginPath', () => {
  it.each([
    { name: 'from the dashboard', at: { pathname: '/', search: '', hash: '' }, expected: '/login' },
    {
      name: 'from an application page',
      at: { pathname: '/applications/scen1', search: '', hash: '' },
      expected: '/login?from=%2Fapplications%2Fscen1',
    },
    {
      name: 'keeping the query',
      at: { pathname: '/audit', search: '?actor=viewer', hash: '' },
      expected: '/login?from=%2Faudit%3Factor%3Dviewer',
    },
    {
      name: 'from the login page',
      at: { pathname: '/login', search: '?from=/x', hash: '' },
      expected: '/login',
    },
  ])('$name', ({ at, expected }) => {
    expect(loginPath(at)).toBe(expected);
  });

  it('is read back by returnPath', () => {
    const url = new URL(
      loginPath({ pathname: '/applications/a b', search: '?x=1&y=2', hash: '#h' }),
      'http://h',
    );
    expect(returnPath(url.searchParams.get('from'))).toBe('/applications/a b?x=1&y=2#h');
  });
});
