import type { IncomingMessage } from 'node:http';
import { networkInterfaces } from 'node:os';
import { HttpError } from './errors';

/** Names every emulator answers to: the loopback names. */
const LOOPBACK_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/** The host name of a Host header or URL host, lower case, without the port; IPv6 in brackets. */
export function hostName(host: string): string {
  const value = host.trim().toLowerCase();
  if (value.startsWith('[')) {
    const end = value.indexOf(']');
    return end > 0 ? value.slice(0, end + 1) : value;
  }
  const colon = value.indexOf(':');
  return colon >= 0 ? value.slice(0, colon) : value;
}

/** An address as a Host header names it: IPv6 in brackets. */
function asHost(address: string): string {
  return hostName(address.includes(':') && !address.startsWith('[') ? `[${address}]` : address);
}

/**
 * The hosts the emulator answers to, so that a page on another site whose name is made to resolve
 * to the machine (DNS rebinding) reaches no route: the loopback names, the address it listens on
 * (every address of the machine when that is a wildcard), the host of `publicBaseUrl` (read at each
 * request: it can change) and the hosts given in `allowedHosts`.
 */
export class HostAllowList {
  private readonly fixed = new Set<string>();

  constructor(
    listenHost: string,
    allowedHosts: readonly string[],
    private readonly publicBaseUrl: () => string | undefined,
  ) {
    for (const host of LOOPBACK_HOSTS) this.fixed.add(host);
    for (const host of allowedHosts) this.fixed.add(hostName(host));
    if (listenHost === '0.0.0.0' || listenHost === '::') {
      for (const list of Object.values(networkInterfaces())) for (const entry of list ?? []) this.fixed.add(asHost(entry.address));
    } else {
      this.fixed.add(asHost(listenHost));
    }
  }

  allows(hostHeader: string | undefined): boolean {
    if (!hostHeader) return false;
    const name = hostName(hostHeader);
    if (this.fixed.has(name)) return true;
    const base = this.publicBaseUrl();
    if (!base) return false;
    try {
      return hostName(new URL(base).host) === name;
    } catch {
      return false;
    }
  }

  /** Throws 421 when the request's Host is not one of the list. */
  check(req: IncomingMessage): void {
    if (!this.allows(req.headers.host)) throw new HttpError(421, 'BadArgument', 'This host name is not one the emulator answers to');
  }
}

/**
 * Whether a request comes from the emulator's own pages (or from no browser page at all): its
 * `Origin`, when sent, is the origin the request was addressed to (or `publicBaseUrl`'s); without
 * one, a browser's `Sec-Fetch-Site` must not say another site sent it.
 */
export function isSameOrigin(req: IncomingMessage, publicBaseUrl: string | undefined): boolean {
  const origin = req.headers.origin;
  if (origin !== undefined) {
    if (origin === 'null') return false;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
    const host = req.headers.host?.toLowerCase();
    if (host && url.host === host) return true;
    if (!publicBaseUrl) return false;
    try {
      return new URL(publicBaseUrl).origin === url.origin;
    } catch {
      return false;
    }
  }
  const site = req.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin' || site === 'none';
}

/** 403 for a request to the emulator's own routes (the demo, the admin routes) sent by a page of another origin. */
export function checkSameOrigin(req: IncomingMessage, publicBaseUrl: string | undefined): void {
  if (!isSameOrigin(req, publicBaseUrl)) throw new HttpError(403, 'BadArgument', 'Only pages of the emulator itself may call this route');
}
