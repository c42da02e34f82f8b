import { isIP } from 'node:net';
import { z } from 'zod';

/** proxy-addr's (fastify's) names for the private ranges. */
const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/** An address, a CIDR (`10.0.0.0/8`, `fd00::/8`) or one of proxy-addr's named ranges. */
export function isProxyAddress(entry: string): boolean {
  if (NAMED_RANGES.includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  const bits = /^\d{1,3}$/.test(prefix) ? Number(prefix) : Number.NaN;
  return bits >= 0 && bits <= (family === 4 ? 32 : 128);
}

/** TRUSTED_PROXIES: comma-separated; each entry checked, so a typo stops the start instead of trusting no one. */
export const trustedProxyList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(
      z
        .string()
        .refine(
          isProxyAddress,
          'must be an IP address, a CIDR (e.g. 10.0.0.0/8) or loopback/linklocal/uniquelocal',
        ),
    ),
  );

/** fastify's `trustProxy`: false without proxies, so `request.ip` is the peer and X-Forwarded-For is ignored. */
export const trustProxyOption = (proxies: readonly string[]): false | string[] =>
  proxies.length === 0 ? false : [...proxies];
