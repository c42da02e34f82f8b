import t from 'tap';
import { z } from 'zod';
import { baseConfigSchema, ConfigError, DEV_JWT_SECRET, loadConfig } from './config.ts';

t.test('defaults work against the local NATS and Redis', async (t) => {
  const config = loadConfig(baseConfigSchema, {});
  t.equal(config.NODE_ENV, 'development');
  t.equal(config.PORT, 8080);
  t.equal(config.NATS_URL, 'nats://127.0.0.1:4222');
  t.equal(config.REDIS_URL, 'redis://127.0.0.1:6379');
  t.equal(config.KAZI_NAMESPACE, 'kazi');
  t.equal(config.BODY_LIMIT_BYTES, 65536);
  t.equal(config.JWT_SECRET, DEV_JWT_SECRET, 'development uses the built-in secret');
});

t.test('a bad configuration names every bad variable and why', async (t) => {
  const err = t.throws(() =>
    loadConfig(baseConfigSchema, { PORT: '99999', KAZI_NAMESPACE: 'Kazi_Prod', NODE_ENV: 'staging' }),
  ) as ConfigError;
  t.ok(err instanceof ConfigError);
  t.same(err.issues.map((i) => i.variable).sort(), ['KAZI_NAMESPACE', 'NODE_ENV', 'PORT']);
  t.match(err.message, /PORT: .*65535/);
  t.match(err.message, /KAZI_NAMESPACE: must be lowercase letters and digits/);
});

t.test('services extend the base schema with their own variables', async (t) => {
  const schema = baseConfigSchema.extend({ LICENCE_MONTHS: z.coerce.number().int().positive().default(12) });
  t.equal(loadConfig(schema, { LICENCE_MONTHS: '24' }).LICENCE_MONTHS, 24);
  t.throws(() => loadConfig(schema, { LICENCE_MONTHS: 'twelve' }), /LICENCE_MONTHS/);
});

t.test('an empty variable counts as unset', async (t) => {
  t.equal(loadConfig(baseConfigSchema, { PORT: '' }).PORT, 8080);
});

t.test('production requires a strong JWT_SECRET and refuses the development one', async (t) => {
  t.throws(() => loadConfig(baseConfigSchema, { NODE_ENV: 'production' }), /JWT_SECRET: is required/);
  t.throws(
    () => loadConfig(baseConfigSchema, { NODE_ENV: 'production', JWT_SECRET: DEV_JWT_SECRET }),
    /JWT_SECRET: the development secret is refused/,
  );
  t.throws(
    () => loadConfig(baseConfigSchema, { NODE_ENV: 'production', JWT_SECRET: 'short' }),
    /JWT_SECRET: .*32/,
  );
  const secret = 'a-production-secret-of-at-least-32-chars';
  t.equal(loadConfig(baseConfigSchema, { NODE_ENV: 'production', JWT_SECRET: secret }).JWT_SECRET, secret);
});
