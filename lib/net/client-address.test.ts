import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeAddress, resolveClientAddress, TrustedProxies } from './client-address';

function proxies(list: string): TrustedProxies {
  const parsed = TrustedProxies.parse(list);
  if (!parsed.ok) throw new Error(`bad test list: ${parsed.entry}`);
  return parsed.proxies;
}

describe('normalizeAddress', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['  203.0.113.7 ', '203.0.113.7'],
    ['203.0.113.7:51234', '203.0.113.7'],
    ['2001:DB8:0:0::1', '2001:db8::1'],
    ['[2001:db8::1]', '2001:db8::1'],
    ['[2001:db8::1]:443', '2001:db8::1'],
    ['::1', '::1'],
    // How a dual-stack socket reports an IPv4 client, in both spellings.
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['::FFFF:cb00:7107', '203.0.113.7'],
    ['[::ffff:127.0.0.1]:80', '127.0.0.1'],
  ])('%s is %s', (raw, expected) => {
    expect(normalizeAddress(raw)).toBe(expected);
  });

  it.each([
    '',
    ' ',
    'unknown',
    'example.org',
    '203.0.113',
    '203.0.113.256',
    '1.2.3.4.5',
    '2001:db8::g',
    'fe80::1%eth0',
    '[203.0.113.7]x',
    '203.0.113.7:port',
    '_hidden',
    '1.2.3.4, 5.6.7.8',
    '\u0000',
  ])('%j is not an address', (raw) => {
    expect(normalizeAddress(raw)).toBeNull();
  });
});

describe('TrustedProxies.parse', () => {
  it('accepts IPv4 and IPv6 ranges, bare addresses, spaces and empty entries', () => {
    const parsed = TrustedProxies.parse(' 10.0.0.0/8, ::1/128,,192.0.2.5 , 2001:DB8::/32, ::ffff:172.16.0.0/108 ');
    expect(parsed.ok && parsed.proxies.ranges).toEqual(['10.0.0.0/8', '::1/128', '192.0.2.5/32', '2001:db8::/32', '172.16.0.0/12']);
  });

  it('an empty list trusts nobody', () => {
    const parsed = TrustedProxies.parse('');
    expect(parsed.ok && parsed.proxies.ranges).toEqual([]);
  });

  it.each([
    '10.0.0.0/33',
    '::/129',
    '10.0.0.0/',
    '10.0.0.0/8/8',
    '10.0.0/8',
    'localhost',
    '10.0.0.0/-1',
    '10.0.0.0/ 8',
    '[::1]/128',
    '10.0.0.1:80',
    'fe80::1%eth0/64',
    '::ffff:10.0.0.0/95',
    '10.0.0.0/1000',
  ])('names the bad entry %j', (entry) => {
    expect(TrustedProxies.parse(`192.0.2.0/24, ${entry}`)).toEqual({ ok: false, entry });
  });

  it('matches by range, across spellings of the same address', () => {
    const trusted = proxies('10.0.0.0/8, 2001:db8::/32, 192.0.2.5');
    for (const inside of ['10.0.0.0', '10.255.255.255', '2001:db8::1', '2001:db8:ffff::', '192.0.2.5']) expect(trusted.contains(inside)).toBe(true);
    for (const outside of ['11.0.0.0', '9.255.255.255', '2001:db9::1', '192.0.2.4', '192.0.2.6', '::1']) expect(trusted.contains(outside)).toBe(false);
  });

  it('/0 trusts every address of its family only', () => {
    const v4 = proxies('0.0.0.0/0');
    expect(v4.contains('203.0.113.7')).toBe(true);
    expect(v4.contains('2001:db8::1')).toBe(false);
  });
});

describe('resolveClientAddress', () => {
  const trusted = proxies('10.0.0.0/8, ::1/128');

  it('without trusted proxies, is the socket peer whatever the headers say', () => {
    expect(resolveClientAddress('198.51.100.4', '6.6.6.6', null)).toBe('198.51.100.4');
    expect(resolveClientAddress('198.51.100.4', '6.6.6.6, 7.7.7.7', proxies(''))).toBe('198.51.100.4');
    expect(resolveClientAddress('::ffff:198.51.100.4', 'garbage', null)).toBe('198.51.100.4');
  });

  it('property: with no trusted proxies, no header changes the answer', () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), fc.option(fc.string()), (peer, header) => {
        expect(resolveClientAddress(peer, header, null)).toBe(normalizeAddress(peer));
      }),
    );
  });

  it('an untrusted peer is the client even when it sends X-Forwarded-For', () => {
    expect(resolveClientAddress('198.51.100.4', '10.0.0.3', trusted)).toBe('198.51.100.4');
  });

  it('behind a trusted proxy, takes the address the proxy appended', () => {
    expect(resolveClientAddress('10.0.0.2', '198.51.100.4', trusted)).toBe('198.51.100.4');
    // A client-sent header is to the left of what the proxy appended: never believed.
    expect(resolveClientAddress('10.0.0.2', '6.6.6.6, 198.51.100.4', trusted)).toBe('198.51.100.4');
  });

  it('skips a chain of trusted hops from the right, stopping at the first untrusted one', () => {
    expect(resolveClientAddress('::1', '6.6.6.6, 198.51.100.4, 10.1.1.1, 10.2.2.2', trusted)).toBe('198.51.100.4');
    expect(resolveClientAddress('::ffff:10.0.0.2', '198.51.100.4,10.9.9.9', trusted)).toBe('198.51.100.4');
  });

  it('when every hop is trusted, the farthest one is the client', () => {
    expect(resolveClientAddress('10.0.0.2', '10.0.0.9, 10.0.0.8', trusted)).toBe('10.0.0.9');
  });

  it('a trusted peer without X-Forwarded-For is itself the client', () => {
    expect(resolveClientAddress('10.0.0.2', null, trusted)).toBe('10.0.0.2');
    expect(resolveClientAddress('10.0.0.2', '', trusted)).toBe('10.0.0.2');
  });

  it('a malformed hop ends the walk at the last hop that could be checked', () => {
    expect(resolveClientAddress('10.0.0.2', '198.51.100.4, unknown', trusted)).toBe('10.0.0.2');
    expect(resolveClientAddress('10.0.0.2', '198.51.100.4, 10.0.0.7, ', trusted)).toBe('10.0.0.2');
    expect(resolveClientAddress('10.0.0.2', '198.51.100.4, garbage, 10.0.0.7', trusted)).toBe('10.0.0.7');
    // Ports and brackets written by proxies are understood.
    expect(resolveClientAddress('10.0.0.2', '[2001:db8::5]:4711', trusted)).toBe('2001:db8::5');
    expect(resolveClientAddress('10.0.0.2', '198.51.100.4:4711', trusted)).toBe('198.51.100.4');
  });

  it("no known peer (the app runs without Rapport's server) is no address, whatever the headers say", () => {
    expect(resolveClientAddress(null, '198.51.100.4', trusted)).toBeNull();
    expect(resolveClientAddress(undefined, '198.51.100.4', null)).toBeNull();
    expect(resolveClientAddress('not-an-address', '198.51.100.4', trusted)).toBeNull();
  });

  it('property: a client behind a trusted proxy cannot get past the address the proxy appended', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.ipV4(), fc.ipV6(), fc.string()), { maxLength: 5 }), fc.ipV4(), (forged, real) => {
        fc.pre(!trusted.contains(real));
        expect(resolveClientAddress('10.0.0.2', [...forged, real].join(', '), trusted)).toBe(real);
      }),
    );
  });
});
