import { fromBase64url, IV_BYTES, type Sealed, TAG_BYTES } from './aesGcm.ts';

/**
 * The string form of a sealed value: `<version>.<base64url iv>.<base64url ciphertext + tag>`.
 * - `pd1`: additional data = the subject id. Still read (it is in existing logs), never written again.
 * - `pd2`: additional data = (version, subject, record, field), length-prefixed, so a value copied to
 *   another record or another field of the same subject does not open.
 */
export const SEALED_VERSIONS = ['pd1', 'pd2'] as const;
export type SealedVersion = (typeof SEALED_VERSIONS)[number];
/** The version every new value is sealed in. */
export const CURRENT_SEALED_VERSION: SealedVersion = 'pd2';

/**
 * Where a sealed value belongs: `record` names the aggregate it is stored in (e.g. `agency.<id>`),
 * `field` the field of that record (e.g. `complainant`, `note.<noteId>`). Names are part of the
 * ciphertext's identity: a service must never change how it forms them.
 */
export interface FieldBinding {
  record: string;
  field: string;
}

/** Longest record or field accepted: both are names made by the service, never free text. */
export const MAX_BINDING_PART_LENGTH = 256;

export interface ParsedSealed extends Sealed {
  version: SealedVersion;
}

export function formatSealed(version: SealedVersion, sealed: Sealed): string {
  return `${version}.${sealed.iv.toString('base64url')}.${sealed.body.toString('base64url')}`;
}

/** The parts of a sealed string, or undefined when it is not one (wrong shape, version or encoding). */
export function parseSealed(text: unknown): ParsedSealed | undefined {
  if (typeof text !== 'string') return undefined;
  const parts = text.split('.');
  if (parts.length !== 3) return undefined;
  const version = SEALED_VERSIONS.find((v) => v === parts[0]);
  const iv = version ? fromBase64url(parts[1]!) : undefined;
  const body = iv ? fromBase64url(parts[2]!) : undefined;
  if (!version || !iv || !body || iv.length !== IV_BYTES || body.length < TAG_BYTES) return undefined;
  return { version, iv, body };
}

/**
 * The additional authenticated data of a value of `version`. pd2 encodes each part as a 4-byte
 * big-endian byte length followed by its UTF-8 bytes: a naive join would let ("a:b", "c") and
 * ("a", "b:c") share one AAD, so a value could be moved between them.
 */
export function additionalData(version: SealedVersion, subjectId: string, binding: FieldBinding): Buffer {
  if (version === 'pd1') return Buffer.from(subjectId, 'utf8');
  return Buffer.concat([version, subjectId, binding.record, binding.field].map(lengthPrefixed));
}

function lengthPrefixed(part: string): Buffer {
  const bytes = Buffer.from(part, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

// A lone surrogate becomes U+FFFD in UTF-8, so two different strings would share one AAD.
const LONE_SURROGATE = /\p{Cs}/u;

/** Record and field are non-empty, well-formed strings of bounded length; anything else is a bug. */
export function assertFieldBinding(binding: FieldBinding): void {
  for (const part of ['record', 'field'] as const) {
    const value: unknown = (binding as Partial<FieldBinding> | undefined)?.[part];
    if (
      typeof value !== 'string' ||
      value.length === 0 ||
      value.length > MAX_BINDING_PART_LENGTH ||
      LONE_SURROGATE.test(value)
    )
      throw new TypeError(
        `a sealed value's ${part} is a non-empty string of at most ${MAX_BINDING_PART_LENGTH} characters`,
      );
  }
}
