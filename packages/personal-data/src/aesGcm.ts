import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** 96-bit IVs: the size GCM is designed for; random ones are safe for far more messages than one key sees. */
export const IV_BYTES = 12;
export const TAG_BYTES = 16;

export interface Sealed {
  iv: Buffer;
  /** Ciphertext followed by the 16-byte authentication tag. */
  body: Buffer;
}

/** AES-256-GCM with a fresh random IV; `aad` binds the ciphertext to its owner (the subject id). */
export function encrypt(key: Buffer, plaintext: Buffer, aad: string): Sealed {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return { iv, body };
}

/** The plaintext, or undefined when the key, the AAD or any byte of the ciphertext is not the original. */
export function decrypt(key: Buffer, sealed: Sealed, aad: string): Buffer | undefined {
  if (sealed.iv.length !== IV_BYTES || sealed.body.length < TAG_BYTES) return undefined;
  const tagAt = sealed.body.length - TAG_BYTES;
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv, { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(sealed.body.subarray(tagAt));
  try {
    return Buffer.concat([decipher.update(sealed.body.subarray(0, tagAt)), decipher.final()]);
  } catch {
    return undefined;
  }
}

/**
 * Canonical base64url only: Node's decoder skips characters it does not know and ignores stray trailing
 * ones, so without this check a changed sealed string could still open.
 */
export function fromBase64url(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}
