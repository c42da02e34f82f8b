export const MASTER_KEY_BYTES = 32;

/**
 * The development master key: base64 of the ASCII text `kazi-salama-development-only-key`, so anyone who
 * decodes it sees what it is. Services use it only with KAZI_DEV=1 (service-kit's `developmentDefault`:
 * never in production, only on a loopback HOST): with it, the subject-keys bucket alone would reveal every
 * data key.
 */
export const DEVELOPMENT_MASTER_KEY = 'a2F6aS1zYWxhbWEtZGV2ZWxvcG1lbnQtb25seS1rZXk=';

const BASE64_OF_32_BYTES = /^[A-Za-z0-9+/]{43}=$/;

/**
 * The master key from configuration: standard base64 of exactly 32 bytes (44 characters; make one with
 * `openssl rand -base64 32`). The message never repeats the value: it is a secret.
 */
export function masterKeyFromConfig(value: string): Buffer {
  const text = typeof value === 'string' ? value.trim() : '';
  const key = Buffer.from(text, 'base64');
  if (!BASE64_OF_32_BYTES.test(text) || key.length !== MASTER_KEY_BYTES)
    throw new Error(
      `the personal-data master key must be ${MASTER_KEY_BYTES} random bytes in base64 (44 characters, ` +
        `e.g. from \`openssl rand -base64 32\`); the value given has ${text.length} characters`,
    );
  return key;
}
