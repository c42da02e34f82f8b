import t from 'tap';
import { z } from 'zod';
import {
  baseConfigSchema,
  ConfigError,
  DEV_JWT_SECRET,
  developmentDefault,
  isLoopbackHost,
  loadConfig,
} from './config.ts';

const DEV = { KAZI_DEV: '1' };
const SECRET = 'a-production-secret-of-at-least-32-chars';

const issuesOf = (load: () => unknown): { variable: string; message: string }[] => {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  return [];
};

t.test('with KAZI_DEV=1 the defaults work against the local NATS and Redis', async (t) => {
  const config = loadConfig(baseConfigSchema, DEV);
  t.equal(config.NODE_ENV, 'development');
  t.equal(config.KAZI_DEV, true);
  t.equal(config.PORT, 8080);
  t.equal(config.NATS_URL, 'nats://127.0.0.1:4222');
  t.equal(config.REDIS_URL, 'redis://127.0.0.1:6379');
  t.equal(config.KAZI_NAMESPACE, 'kazi');
  t.equal(config.BODY_LIMIT_BYTES, 65536);
  t.equal(config.JWT_SECRET, DEV_JWT_SECRET, 'development uses the built-in secret');
  t.same(config.TRUSTED_PROXIES, [], 'no proxy is trusted unless named');
  t.equal(config.JWT_AUDIENCE, 'kazi-salama');
  t.equal(config.JWT_MAX_AGE_SECONDS, 12 * 3600);
  t.equal(config.JWT_CLOCK_TOLERANCE_SECONDS, 30);
});

t.test('without KAZI_DEV every secret is required, whatever NODE_ENV says', async (t) => {
  for (const NODE_ENV of [undefined, 'development', 'test', 'production']) {
    const issues = issuesOf(() => loadConfig(baseConfigSchema, { NODE_ENV }));
    t.same(
      issues.map((i) => i.variable),
      ['JWT_SECRET'],
      `NODE_ENV=${NODE_ENV ?? '(unset)'}: JWT_SECRET is named, once`,
    );
    t.match(issues[0]?.message, /is required/);
  }
  t.equal(loadConfig(baseConfigSchema, { JWT_SECRET: SECRET }).JWT_SECRET, SECRET, 'a real secret is enough');
  t.equal(loadConfig(baseConfigSchema, { KAZI_DEV: '0', JWT_SECRET: SECRET }).KAZI_DEV, false);
});

t.test('without KAZI_DEV the development secret is refused even when set explicitly', async (t) => {
  t.throws(
    () => loadConfig(baseConfigSchema, { JWT_SECRET: DEV_JWT_SECRET }),
    /JWT_SECRET: the development value .* refused without KAZI_DEV=1/,
  );
});

t.test('KAZI_DEV=1 is refused on a non-loopback HOST, naming the variables', async (t) => {
  for (const HOST of ['0.0.0.0', '::', '10.0.0.5', 'kazi.example.org']) {
    const issues = issuesOf(() => loadConfig(baseConfigSchema, { ...DEV, HOST }));
    const refusal = issues.find((i) => i.variable === 'KAZI_DEV');
    t.ok(refusal, `HOST=${HOST} is refused`);
    t.match(refusal?.message, new RegExp(`HOST=${HOST.replace(/\./g, '\\.')}`), 'names HOST');
    t.match(refusal?.message, /JWT_SECRET/, 'names the secrets that would be defaulted');
  }
  for (const HOST of ['127.0.0.1', '127.1.2.3', '::1', 'localhost', '[::1]']) {
    t.equal(
      loadConfig(baseConfigSchema, { ...DEV, HOST }).JWT_SECRET,
      DEV_JWT_SECRET,
      `HOST=${HOST} is fine`,
    );
  }
});

t.test('production refuses KAZI_DEV=1 and the development secret', async (t) => {
  t.throws(
    () => loadConfig(baseConfigSchema, { ...DEV, NODE_ENV: 'production', JWT_SECRET: SECRET }),
    /KAZI_DEV: development defaults .* refused when NODE_ENV=production/,
  );
  t.throws(
    () => loadConfig(baseConfigSchema, { NODE_ENV: 'production' }),
    /JWT_SECRET: is required in production/,
  );
  t.throws(
    () => loadConfig(baseConfigSchema, { NODE_ENV: 'production', JWT_SECRET: DEV_JWT_SECRET }),
    /JWT_SECRET: the development value .* refused in production/,
  );
  t.throws(
    () => loadConfig(baseConfigSchema, { NODE_ENV: 'production', JWT_SECRET: 'short' }),
    /JWT_SECRET: .*32/,
  );
  t.equal(loadConfig(baseConfigSchema, { NODE_ENV: 'production', JWT_SECRET: SECRET }).JWT_SECRET, SECRET);
});

t.test("a service's own secrets follow the same rule", async (t) => {
  const schema = baseConfigSchema.extend({
    FINGERPRINT_KEY: developmentDefault(z.string().min(16), 'development-fingerprint'),
  });
  t.equal(loadConfig(schema, DEV).FINGERPRINT_KEY, 'development-fingerprint');
  t.same(
    issuesOf(() => loadConfig(schema, {})).map((i) => i.variable),
    ['JWT_SECRET', 'FINGERPRINT_KEY'],
  );
  t.match(
    issuesOf(() => loadConfig(schema, { ...DEV, HOST: '0.0.0.0' })).find((i) => i.variable === 'KAZI_DEV')
      ?.message,
    /JWT_SECRET, FINGERPRINT_KEY/,
  );
  const real = { JWT_SECRET: SECRET, FINGERPRINT_KEY: 'f'.repeat(32) };
  t.equal(loadConfig(schema, real).FINGERPRINT_KEY, 'f'.repeat(32));
  t.throws(
    () => loadConfig(schema, { ...real, FINGERPRINT_KEY: 'development-fingerprint' }),
    /FINGERPRINT_KEY/,
  );
});

t.test('a bad configuration names every bad variable and why', async (t) => {
  const err = t.throws(() =>
    loadConfig(baseConfigSchema, {
      ...DEV,
      PORT: '99999',
      KAZI_NAMESPACE: 'Kazi_Prod',
      NODE_ENV: 'staging',
    }),
  ) as ConfigError;
  t.ok(err instanceof ConfigError);
  t.same(err.issues.map((i) => i.variable).sort(), ['KAZI_NAMESPACE', 'NODE_ENV', 'PORT']);
  t.match(err.message, /PORT: .*65535/);
  t.match(err.message, /KAZI_NAMESPACE: must be lowercase letters and digits/);
  t.throws(() => loadConfig(baseConfigSchema, { KAZI_DEV: 'maybe' }), /KAZI_DEV/);
});

t.test('services extend the base schema with their own variables', async (t) => {
  const schema = baseConfigSchema.extend({ LICENCE_MONTHS: z.coerce.number().int().positive().default(12) });
  t.equal(loadConfig(schema, { ...DEV, LICENCE_MONTHS: '24' }).LICENCE_MONTHS, 24);
  t.throws(() => loadConfig(schema, { ...DEV, LICENCE_MONTHS: 'twelve' }), /LICENCE_MONTHS/);
});

t.test('an empty variable counts as unset', async (t) => {
  t.equal(loadConfig(baseConfigSchema, { ...DEV, PORT: '' }).PORT, 8080);
  t.throws(() => loadConfig(baseConfigSchema, { JWT_SECRET: '' }), /JWT_SECRET: is required/);
});

t.test('JWT settings are bounded', async (t) => {
  const config = loadConfig(baseConfigSchema, {
    ...DEV,
    JWT_AUDIENCE: 'kazi-internal',
    JWT_MAX_AGE_SECONDS: '3600',
    JWT_CLOCK_TOLERANCE_SECONDS: '5',
  });
  t.same(
    [config.JWT_AUDIENCE, config.JWT_MAX_AGE_SECONDS, config.JWT_CLOCK_TOLERANCE_SECONDS],
    ['kazi-internal', 3600, 5],
  );
  t.throws(() => loadConfig(baseConfigSchema, { ...DEV, JWT_MAX_AGE_SECONDS: '0' }), /JWT_MAX_AGE_SECONDS/);
  t.throws(
    () => loadConfig(baseConfigSchema, { ...DEV, JWT_CLOCK_TOLERANCE_SECONDS: '3600' }),
    /JWT_CLOCK_TOLERANCE_SECONDS/,
  );
});

t.test(
  'TRUSTED_PROXIES takes addresses, CIDRs and named ranges; anything else names the variable',
  async (t) => {
    t.same(
      loadConfig(baseConfigSchema, { ...DEV, TRUSTED_PROXIES: ' 10.0.0.0/8, 192.168.1.7 ,fd00::/8,loopback' })
        .TRUSTED_PROXIES,
      ['10.0.0.0/8', '192.168.1.7', 'fd00::/8', 'loopback'],
    );
    for (const bad of ['10.0.0.0/33', 'proxy.example.org', '10.0.0.1/8/2', '10.0.0.0/x'])
      t.throws(() => loadConfig(baseConfigSchema, { ...DEV, TRUSTED_PROXIES: bad }), /TRUSTED_PROXIES/, bad);
  },
);

t.test('load shedding limits', async (t) => {
  const config = loadConfig(baseConfigSchema, DEV);
  t.ok(config.MAX_IN_FLIGHT > 0);
  t.equal(loadConfig(baseConfigSchema, { ...DEV, MAX_HEAP_USED_MB: '0' }).MAX_HEAP_USED_MB, 0, '0 is off');
  t.throws(() => loadConfig(baseConfigSchema, { ...DEV, MAX_IN_FLIGHT: '0' }), /MAX_IN_FLIGHT/);
});

t.test('queue limits: pending publishes and queued Redis commands', async (t) => {
  const config = loadConfig(baseConfigSchema, DEV);
  t.same(
    [config.MAX_PENDING_PUBLISHES, config.MAX_WAITING_PUBLISHES, config.MAX_QUEUED_REDIS_COMMANDS],
    [128, 512, 10_000],
  );
  for (const variable of ['MAX_PENDING_PUBLISHES', 'MAX_QUEUED_REDIS_COMMANDS'])
    t.throws(() => loadConfig(baseConfigSchema, { ...DEV, [variable]: '0' }), new RegExp(variable), variable);
  t.throws(
    () => loadConfig(baseConfigSchema, { ...DEV, MAX_WAITING_PUBLISHES: '-1' }),
    /MAX_WAITING_PUBLISHES/,
  );
});

t.test('loopback hosts', async (t) => {
  for (const host of ['127.0.0.1', '127.255.0.9', '::1', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1'])
    t.ok(isLoopbackHost(host), host);
  for (const host of ['0.0.0.0', '::', '128.0.0.1', '10.0.0.1', 'localhost.example.org', '127.0.0.1.nip.io'])
    t.notOk(isLoopbackHost(host), host);
});
