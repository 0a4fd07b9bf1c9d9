import type { IncomingHttpHeaders } from 'node:http';
import { hostname } from 'node:os';

/** The names a request's Host may carry; `*` any, `.example.com` or `*.example.com` a domain and its subdomains. */
export type HostList = readonly string[];

const WILDCARD_LISTEN = ['0.0.0.0', '::', '[::]', ''];

/** allowed_hosts when the config says nothing: the listen address, the loopback names, and this machine's name on a wildcard listen. */
export function defaultAllowedHosts(listenHost: string): string[] {
  const names = ['localhost', '127.0.0.1', '[::1]'];
  if (WILDCARD_LISTEN.includes(listenHost)) names.push(hostname().toLowerCase());
  else names.push(listenHost.includes(':') && !listenHost.startsWith('[') ? `[${listenHost}]` : listenHost);
  return [...new Set(names.map((n) => n.toLowerCase()))];
}

/** The host name of a Host header value, without its port; `[::1]` keeps its brackets. */
export function hostnameOf(host: string): string {
  const value = host.trim().toLowerCase();
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    return end < 0 ? value : value.slice(0, end + 1);
  }
  const colon = value.lastIndexOf(':');
  return colon < 0 ? value : value.slice(0, colon);
}

export function hostAllowed(host: string | undefined, allowed: HostList): boolean {
  if (!host) return false;
  const name = hostnameOf(host);
  return allowed.some((entry) => {
    if (entry === '*') return true;
    const domain = entry.startsWith('*.') ? entry.slice(1) : entry.startsWith('.') ? entry : null;
    if (domain) return name === domain.slice(1) || name.endsWith(domain);
    return name === entry;
  });
}

/**
 * Why a state-changing request is cross-site, or null when it is not: a browser says so in
 * Sec-Fetch-Site (anything but same-origin or none, the user typing the URL), or with an Origin
 * that is not this server's own. A client that sends neither (curl, supfleetctl, Python) is not a browser.
 */
export function crossSiteReason(headers: IncomingHttpHeaders, host: string | undefined): string | null {
  const site = headers['sec-fetch-site'];
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    return `cross-site request refused (Sec-Fetch-Site: ${String(site)})`;
  }
  const origin = headers.origin;
  if (origin === undefined) return null;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return `cross-site request refused (Origin: ${origin})`;
  }
  if (!host || originHost.toLowerCase() !== host.toLowerCase()) {
    return `cross-site request refused (Origin ${origin} is not this server)`;
  }
  return null;
}

/** Host as the client addressed it; behind a trusted proxy, X-Forwarded-Host first. */
export function requestHost(headers: IncomingHttpHeaders, trustProxy: boolean): string | undefined {
  const forwarded = trustProxy ? headers['x-forwarded-host'] : undefined;
  const value =
    typeof forwarded === 'string' && forwarded !== '' ? forwarded.split(',')[0]!.trim() : headers.host;
  return value || undefined;
}

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}
