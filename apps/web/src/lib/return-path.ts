/** Where the login page sends back to when it was not told. */
export const HOME_PATH = '/';
export const LOGIN_PATH = '/login';

/**
 * The path to go back to after a login, from the `from` of the login URL: only a path of this
 * site (never `//evil.example` or `https://…`, which would make the login page an open redirect),
 * and never the login page itself.
 */
export function returnPath(from: string | null): string {
  if (from === null || !from.startsWith('/') || from.startsWith('//') || from.startsWith('/\\'))
    return HOME_PATH;
  // Backslashes and control characters: browsers read `/\evil` and `/\tevil` as other hosts.
  if (from.includes('\\') || [...from].some((c) => c.charCodeAt(0) < 0x20)) return HOME_PATH;
  const pathname = from.split(/[?#]/, 1)[0] ?? '';
  if (pathname === LOGIN_PATH || pathname.startsWith(`${LOGIN_PATH}/`)) return HOME_PATH;
  return from;
}

/** The login page's URL, remembering the page the user was on. */
export function loginPath(location: { pathname: string; search: string; hash: string }): string {
  const here = `${location.pathname}${location.search}${location.hash}`;
  const back = returnPath(here);
  return back === HOME_PATH ? LOGIN_PATH : `${LOGIN_PATH}?${new URLSearchParams({ from: back })}`;
}
