import { BlockList, isIP, isIPv4 } from 'node:net';

/*
 * Which address a request came from. The socket peer is the only address the client cannot choose;
 * X-Forwarded-For is believed only as far back as the hops are proxies the operator trusts
 * (TRUSTED_PROXIES). Pure: no I/O, no request objects.
 */

/** A set of CIDR ranges (IPv4 and IPv6) that requests may be forwarded through. */
export class TrustedProxies {
  private readonly blocks = new BlockList();

  private constructor(readonly ranges: readonly string[]) {
    for (const range of ranges) {
      const [address, prefix] = range.split('/') as [string, string];
      this.blocks.addSubnet(address, Number(prefix), isIPv4(address) ? 'ipv4' : 'ipv6');
    }
  }

  /** Parses a comma-separated list such as `10.0.0.0/8, ::1/128`; a bare address is one host. */
  static parse(list: string): { ok: true; proxies: TrustedProxies } | { ok: false; entry: string } {
    const ranges: string[] = [];
    for (const raw of list.split(',')) {
      const entry = raw.trim();
      if (entry === '') continue;
      const range = normalizeRange(entry);
      if (!range) return { ok: false, entry };
      ranges.push(range);
    }
    return { ok: true, proxies: new TrustedProxies(ranges) };
  }

  /** Whether a normalised address (see normalizeAddress) lies in one of the ranges. */
  contains(address: string): boolean {
    return this.blocks.check(address, isIPv4(address) ? 'ipv4' : 'ipv6');
  }
}

function normalizeRange(entry: string): string | null {
  const match = /^([^/]+?)(?:\/(\d{1,3}))?$/.exec(entry);
  if (!match) return null;
  const [, rawAddress, rawPrefix] = match as unknown as [string, string, string | undefined];
  // No brackets, ports or zone ids in a range: only a plain address.
  if (!isIP(rawAddress)) return null;
  const address = normalizeAddress(rawAddress);
  if (!address) return null;
  const v4 = isIPv4(address);
  const max = v4 ? 32 : 128;
  let prefix = rawPrefix === undefined ? max : Number(rawPrefix);
  // An IPv4-mapped IPv6 range (::ffff:10.0.0.0/104) is the IPv4 range it maps.
  if (v4 && !isIPv4(rawAddress)) {
    if (rawPrefix !== undefined && prefix < 96) return null;
    prefix = rawPrefix === undefined ? 32 : prefix - 96;
  }
  if (prefix > max) return null;
  return `${address}/${prefix}`;
}

const MAPPED_IPV4 = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/;

/**
 * One canonical spelling per address, so the throttle and the audit log count the same client once:
 * surrounding brackets and a port are dropped, IPv6 is compressed and lower-cased, and an
 * IPv4-mapped IPv6 address (how a dual-stack socket reports IPv4 clients) becomes plain IPv4.
 * Anything else (a name, "unknown", garbage) is null.
 */
export function normalizeAddress(raw: string): string | null {
  let text = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(text);
  if (bracketed) text = bracketed[1]!;
  else if (/^[\d.]+:\d{1,5}$/.test(text)) text = text.slice(0, text.indexOf(':'));
  const family = isIP(text);
  if (family === 4) return text;
  if (family !== 6 || text.includes('%')) return null;
  const canonical = new URL(`http://[${text}]/`).hostname.slice(1, -1);
  const mapped = MAPPED_IPV4.exec(canonical);
  if (!mapped) return canonical;
  const high = parseInt(mapped[1]!, 16);
  const low = parseInt(mapped[2]!, 16);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/**
 * The client's address. With no trusted proxies, the socket peer whatever the headers say. When the
 * peer is a trusted proxy, X-Forwarded-For is walked from the right (each proxy appends the address
 * it received from), skipping trusted hops; the first untrusted address is the client. A malformed
 * entry ends the walk at the last hop that could be checked, since nothing left of it is vouched for.
 */
export function resolveClientAddress(peer: string | null | undefined, forwardedFor: string | null | undefined, trusted: TrustedProxies | null): string | null {
  let current = peer ? normalizeAddress(peer) : null;
  if (!current || !trusted?.contains(current)) return current;
  const hops = (forwardedFor ?? '').split(',');
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = normalizeAddress(hops[i]!);
    if (!hop) return current;
    current = hop;
    if (!trusted.contains(current)) return current;
  }
  return current;
}
