import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** 96-bit IVs: the size GCM is designed for; random ones are safe for far more messages than one key sees. */
export const IV_BYTES = 12;
export const TAG_BYTES = 16;

export interface Sealed {
  iv: Buffer;
  /** Ciphertext followed by the 16-byte authentication tag. */
  body: Buffer;
}

/** AES-256-GCM with a fresh random IV; `aad` binds the ciphertext to where it belongs (sealedValue.ts). */
export function encrypt(key: Buffer, plaintext: Buffer, aad: Buffer | string): Sealed {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(bytesOf(aad));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { iv, body };
}

/** The plaintext, or undefined when the key, the AAD or any byte of the ciphertext is not the original. */
export function decrypt(key: Buffer, sealed: Sealed, aad: Buffer | string): Buffer | undefined {
  if (sealed.iv.length !== IV_BYTES || sealed.body.length < TAG_BYTES) return undefined;
  const tagAt = sealed.body.length - TAG_BYTES;
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(bytesOf(aad));
  decipher.setAuthTag(sealed.body.subarray(tagAt));
  try {
    return Buffer.concat([decipher.update(sealed.body.subarray(0, tagAt)), decipher.final()]);
  } catch {
    return undefined;
  }
}

/** A string AAD is its UTF-8 bytes (the wrapped data keys use the subject id). */
const bytesOf = (aad: Buffer | string): Buffer => (typeof aad === 'string' ? Buffer.from(aad, 'utf8') : aad);

/**
 * Canonical base64url only: Node's decoder skips characters it does not know and ignores stray trailing
 * ones, so without this check a changed sealed string could still open.
 */
export function fromBase64url(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}
