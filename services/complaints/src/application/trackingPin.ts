import { randomBytes, randomInt, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';

const scryptAsync = promisify(scrypt) as (
  password: string,
  salt: Buffer,
  keylen: number,
  options: { N: number; r: number; p: number; maxmem: number },
) => Promise<Buffer>;

/**
 * No 0/O, 1/I/L: a caller reads the PIN back over a phone line. 31 symbols, 10 of them ≈ 49.5 bits, so a
 * guess at a stolen hash stays expensive with a cheap work factor (ADR 0006).
 */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const TRACKING_PIN_LENGTH = 10;

export function newTrackingPin(): string {
  let pin = '';
  for (let i = 0; i < TRACKING_PIN_LENGTH; i++) pin += ALPHABET[randomInt(ALPHABET.length)];
  return pin;
}

/** PINs are compared as a caller would type them: case, spaces and hyphens (groups of five) do not matter. */
const normalise = (pin: string) => pin.replace(/[\s-]+/g, '').toUpperCase();

const R = 8;
const P = 1;
const KEY_LENGTH = 32;

/**
 * Slow, salted hash of a tracking PIN (scrypt, N = 2^cost): what is stored is `scrypt$<cost>$<salt>$<hash>`,
 * so the cost can rise later while older hashes still verify.
 */
export async function hashTrackingPin(pin: string, cost: number): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(normalise(pin), salt, cost);
  return `scrypt$${cost}$${salt.toString('base64url')}$${hash.toString('base64url')}`;
}

/** Constant-time comparison; a malformed stored hash never matches. */
export async function verifyTrackingPin(pin: string, stored: string): Promise<boolean> {
  const [scheme, costText, saltText, hashText] = stored.split('$');
  const cost = Number(costText);
  if (scheme !== 'scrypt' || !Number.isInteger(cost) || !saltText || !hashText) return false;
  const expected = Buffer.from(hashText, 'base64url');
  const actual = await derive(normalise(pin), Buffer.from(saltText, 'base64url'), cost);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Spends the same time as a real verification, for look-ups that have nothing to verify against. */
export async function verifyNothing(cost: number): Promise<false> {
  await derive('', Buffer.alloc(16), cost);
  return false;
}

function derive(pin: string, salt: Buffer, cost: number): Promise<Buffer> {
  const N = 2 ** cost;
  return scryptAsync(pin, salt, KEY_LENGTH, { N, r: R, p: P, maxmem: 256 * N * R + 1024 * 1024 });
}
