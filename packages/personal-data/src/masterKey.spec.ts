import { randomBytes } from 'node:crypto';
import t from 'tap';
import { DEVELOPMENT_MASTER_KEY, masterKeyFromConfig } from './masterKey.ts';

t.test('a master key is base64 of 32 bytes', async (t) => {
  const bytes = randomBytes(32);
  t.same(masterKeyFromConfig(bytes.toString('base64')), bytes);
  t.same(masterKeyFromConfig(` ${bytes.toString('base64')}\n`), bytes, 'surrounding whitespace is ignored');
});

t.test('the development key is a valid key that says what it is', async (t) => {
  const key = masterKeyFromConfig(DEVELOPMENT_MASTER_KEY);
  t.equal(key.length, 32);
  t.equal(key.toString('ascii'), 'kazi-salama-development-only-key');
});

t.test('anything else is refused with a message that does not repeat the secret', async (t) => {
  const secretish = randomBytes(16).toString('base64');
  for (const value of [
    '',
    secretish, // 16 bytes
    randomBytes(48).toString('base64'),
    randomBytes(32).toString('base64url'), // no padding, url alphabet
    randomBytes(32).toString('hex'),
    `${randomBytes(32).toString('base64').slice(0, 43)}!`,
  ]) {
    const err = (() => {
      try {
        masterKeyFromConfig(value);
      } catch (e) {
        return e as Error;
      }
    })();
    t.match(err?.message, /must be 32 random bytes in base64 \(44 characters/, JSON.stringify(value));
    if (value !== '') t.notOk(err?.message.includes(value), 'the value is not in the message');
  }
  t.throws(() => masterKeyFromConfig(undefined as unknown as string), /has 0 characters/);
});
