// A stand-in for the engine's strict network mode (AP_NETWORK_MODE=STRICT; activepieces
// `packages/server/engine/src/lib/network/ssrf-guard.ts`, `dns-lookup-guard.ts`, `socket-connect-guard.ts`,
// read 2026-11). Like the engine it patches dns.lookup, dns.promises.lookup and net.Socket's connect,
// so a piece meets the same refusals, in the same places, as in a strict engine:
// - a host name is looked up first, and refused when any of its addresses is private;
// - an IP literal is refused inside connect(), by destroying the socket with the error. Node's http
//   client listens for socket errors a tick later, so a client that does not listen earlier gets an
//   uncaught exception, as in the engine.
// Our own code: the ranges below are our list, checked with node:net's BlockList.
import dns from 'node:dns';
import { BlockList, isIP, Socket } from 'node:net';
import type { NetworkPolicy } from '@user-admin-pieces/common/testing';

/** The engine's error: this name, this message, and no `code`. */
export class SSRFBlockedError extends Error {
  constructor(host: string, ip: string) {
    super(`SSRF protection: refusing to connect to ${host} (resolved ${ip}) — private, loopback, link-local, or multicast address`);
    this.name = 'SSRFBlockedError';
  }
}

/** Addresses a strict engine refuses: everything that is not public unicast. */
const REFUSED: readonly (readonly [string, number, 'ipv4' | 'ipv6'])[] = [
  ['0.0.0.0', 8, 'ipv4'], // "this network"
  ['10.0.0.0', 8, 'ipv4'], // RFC 1918
  ['100.64.0.0', 10, 'ipv4'], // CGNAT
  ['127.0.0.0', 8, 'ipv4'], // loopback
  ['169.254.0.0', 16, 'ipv4'], // link-local, cloud metadata (169.254.169.254)
  ['172.16.0.0', 12, 'ipv4'], // RFC 1918
  ['192.0.0.0', 24, 'ipv4'], // IETF protocol assignments
  ['192.0.2.0', 24, 'ipv4'], // documentation
  ['192.168.0.0', 16, 'ipv4'], // RFC 1918
  ['198.18.0.0', 15, 'ipv4'], // benchmarking
  ['198.51.100.0', 24, 'ipv4'], // documentation
  ['203.0.113.0', 24, 'ipv4'], // documentation
  ['224.0.0.0', 4, 'ipv4'], // multicast
  ['240.0.0.0', 4, 'ipv4'], // reserved, broadcast
  ['::', 128, 'ipv6'], // unspecified
  ['::1', 128, 'ipv6'], // loopback
  ['64:ff9b::', 96, 'ipv6'], // NAT64, which can embed any IPv4 address
  ['100::', 64, 'ipv6'], // discard
  ['2001::', 23, 'ipv6'], // IETF protocol assignments (Teredo, benchmarking, ORCHID)
  ['2001:db8::', 32, 'ipv6'], // documentation
  ['2002::', 16, 'ipv6'], // 6to4, which embeds an IPv4 address
  ['fc00::', 7, 'ipv6'], // unique local (ULA)
  ['fe80::', 10, 'ipv6'], // link-local
  ['ff00::', 8, 'ipv6'], // multicast
];

const refused = new BlockList();
for (const [network, prefix, family] of REFUSED) refused.addSubnet(network, prefix, family);

/** ::ffff:10.0.0.1 is 10.0.0.1. */
function unmapped(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  return mapped ? mapped[1] : ip;
}

function familyOf(ip: string): 'ipv4' | 'ipv6' {
  return isIP(ip) === 6 ? 'ipv6' : 'ipv4';
}

/** AP_SSRF_ALLOW_LIST's entries: IPs and CIDRs; host names are not matched (the engine ignores them too). */
function allowListOf(entries: readonly string[]): BlockList {
  const allowed = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split('/');
    const ip = unmapped(address.trim());
    if (isIP(ip) === 0) continue;
    if (prefix === undefined) allowed.addAddress(ip, familyOf(ip));
    else if (/^\d+$/.test(prefix)) allowed.addSubnet(ip, Number(prefix), familyOf(ip));
  }
  return allowed;
}

/** Whether a strict engine with this allow-list refuses a connection to `address`. Anything that is not an IP is refused. */
export function isRefusedAddress(address: string, allowList: readonly string[]): boolean {
  return isRefused(address, allowListOf(allowList));
}

function isRefused(address: string, allowed: BlockList): boolean {
  const ip = unmapped(address);
  if (isIP(ip) === 0) return true;
  if (allowed.check(ip, familyOf(ip))) return false;
  return refused.check(ip, familyOf(ip));
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/** Installs the guard for the rest of this process (a child runs one call, then exits). */
export function installNetworkGuard(policy: NetworkPolicy): void {
  const allowed = allowListOf(policy.allowList);
  const firstRefused = (entries: dns.LookupAddress[]) => entries.find((entry) => isRefused(entry.address, allowed));

  const lookup = dns.lookup.bind(dns) as (hostname: string, options: dns.LookupAllOptions, callback: LookupCallback) => void;
  const guardedLookup = (hostname: string, optionsOrCallback: unknown, maybeCallback?: LookupCallback): void => {
    const callback = (typeof optionsOrCallback === 'function' ? optionsOrCallback : maybeCallback) as LookupCallback;
    const options: dns.LookupOptions =
      typeof optionsOrCallback === 'number' ? { family: optionsOrCallback } : typeof optionsOrCallback === 'object' && optionsOrCallback !== null ? optionsOrCallback : {};
    // Every address is checked, not only the one the caller would use.
    lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const entries = addresses as dns.LookupAddress[];
      const blocked = firstRefused(entries);
      if (blocked) return callback(new SSRFBlockedError(hostname, blocked.address), '', 0);
      if (options.all) return callback(null, entries);
      const first = entries[0];
      return first ? callback(null, first.address, first.family) : callback(null, '', 0);
    });
  };
  // Keeps what Node hangs on lookup, non-enumerable ones included (util.promisify's { address, family } form).
  Object.defineProperties(guardedLookup, Object.getOwnPropertyDescriptors(dns.lookup));
  (dns as { lookup: unknown }).lookup = guardedLookup;

  const promisesLookup = dns.promises.lookup.bind(dns.promises);
  (dns.promises as { lookup: unknown }).lookup = async (hostname: string, options: dns.LookupOptions = {}) => {
    const entries = await promisesLookup(hostname, { ...options, all: true });
    const blocked = firstRefused(entries);
    if (blocked) throw new SSRFBlockedError(hostname, blocked.address);
    return options.all ? entries : entries[0];
  };

  const connect = Socket.prototype.connect as (this: Socket, ...args: unknown[]) => Socket;
  Socket.prototype.connect = function guardedConnect(this: Socket, ...args: unknown[]): Socket {
    const host = connectHost(args);
    if (host !== undefined && isIP(host) !== 0 && isRefused(host, allowed)) {
      this.destroy(new SSRFBlockedError(host, host));
      return this;
    }
    return connect.apply(this, args);
  } as typeof Socket.prototype.connect;
}

/**
 * The host a connect() call targets: `connect(options)`, `connect(port, host)`, or the already-normalised
 * `[options, callback]` array that net.connect and Node's http agent pass.
 */
function connectHost(args: unknown[]): string | undefined {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (typeof first === 'object' && first !== null) {
    const { host, path } = first as { host?: unknown; path?: unknown };
    if (typeof path === 'string' && path !== '') return undefined; // a Unix socket or named pipe, as net decides
    return typeof host === 'string' ? host : 'localhost';
  }
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    return typeof args[1] === 'string' ? args[1] : 'localhost';
  }
  return undefined;
}
