/**
 * The headers of every request the page makes. `X-Supfleet-Client` tells the audit log the page
 * from a REST client; a state change always says JSON, even with no body, as the server refuses
 * any other type (a cross-site form cannot send it).
 */
export function pageHeaders(method: string = 'GET'): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json', 'X-Supfleet-Client': 'page' };
  if (method !== 'GET' && method !== 'HEAD') headers['Content-Type'] = 'application/json';
  return headers;
}
