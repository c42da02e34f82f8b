import { z } from 'zod';

/** Field shapes every service validates the same way (api.md request bodies). */

/** Free text a person typed: trimmed, bounded, and free of control characters (they hide in records). */
export const text = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .regex(/^[^\p{Cc}]*$/u, 'must not contain control characters');

/** Like `text`, but line breaks and tabs are allowed (narratives, notes). */
export const multilineText = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .regex(/^(?:[^\p{Cc}]|[\n\r\t])*$/u, 'must not contain control characters other than line breaks');

export const e164PhoneSchema = z
  .string()
  .trim()
  .regex(/^\+[1-9]\d{7,14}$/, 'must be an E.164 number, e.g. +254712345678');

export const countryCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code, e.g. KE');

export const nationalIdSchema = z
  .string()
  .trim()
  .regex(/^\d{6,10}$/, 'must be 6 to 10 digits');
export const passportNumberSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{6,12}$/, 'must be 6 to 12 letters or digits');
