import { BlockList, isIP } from 'node:net';

/** Finds the client's IP from the socket's peer address and `X-Forwarded-For`. */
export type ClientIpResolver = (
  remoteAddress: string | undefined,
  forwardedFor: string | undefined,
) => string;

const RANGES: Readonly<Record<string, ReadonlyArray<readonly [string, number]>>> = {
  loopback: [
    ['127.0.0.0', 8],
    ['::1', 128],
  ],
  private: [
    ['10.0.0.0', 8],
    ['172.16.0.0', 12],
    ['192.168.0.0', 16],
    ['fc00::', 7],
  ],
};

/**
 * Builds the resolver for `TRUST_PROXY` entries (IPs, CIDRs, `loopback`, `private`).
 * `X-Forwarded-For` is walked from the right, one hop per trusted proxy, and the first address
 * not in the trusted set is the client — so a client cannot spoof its IP by sending the header
 * itself, and with no trusted proxies the header is ignored altogether.
 *
 * @example
 * const resolve = createClientIpResolver(['loopback']);
 * resolve('127.0.0.1', '203.0.113.7, 127.0.0.1'); // '203.0.113.7'
 * resolve('198.51.100.2', '203.0.113.7'); // '198.51.100.2': that peer is not trusted
 */
export function createClientIpResolver(trustProxy: readonly string[]): ClientIpResolver {
  const trusted = new BlockList();
  for (const entry of trustProxy) {
    const ranges = RANGES[entry];
    if (ranges) {
      for (const [network, prefix] of ranges) trusted.addSubnet(network, prefix, familyOf(network));
      continue;
    }
    const slash = entry.indexOf('/');
    if (slash === -1) {
      const address = normalizeAddress(entry);
      trusted.addAddress(address, familyOf(address));
    } else {
      const network = entry.slice(0, slash);
      trusted.addSubnet(network, Number(entry.slice(slash + 1)), familyOf(network));
    }
  }
  const isTrusted = (address: string): boolean => {
    const family = isIP(address);
    return family !== 0 && trusted.check(address, family === 4 ? 'ipv4' : 'ipv6');
  };

  return (remoteAddress, forwardedFor) => {
    let client = normalizeAddress(remoteAddress ?? '');
    if (trustProxy.length === 0 || forwardedFor === undefined || !isTrusted(client)) return client;
    const hops = forwardedFor.split(',');
    for (let index = hops.length - 1; index >= 0; index--) {
      const hop = normalizeAddress(hops[index]?.trim() ?? '');
      if (isIP(hop) === 0) break;
      client = hop;
      if (!isTrusted(hop)) break;
    }
    return client;
  };
}

/** `::ffff:203.0.113.7` (an IPv4 peer on a dual-stack socket) → `203.0.113.7`. */
function normalizeAddress(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

function familyOf(address: string): 'ipv4' | 'ipv6' {
  return isIP(address) === 6 ? 'ipv6' : 'ipv4';
}
