import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import t from 'tap';
import { z } from 'zod';
import { createService, type ServiceApp } from './app.ts';
import { hasRole, requireMission, requireUser, signDevToken, verifyToken } from './auth.ts';
import { baseConfigSchema, loadConfig } from './config.ts';
import { createLogger } from './logging.ts';
import { PROBLEM_TYPE_BASE } from './problem.ts';

const config = loadConfig(baseConfigSchema, { NODE_ENV: 'test', KAZI_DEV: '1', LOG_LEVEL: 'silent' });

function app(): ServiceApp {
  return createService({
    name: 'auth-test',
    config,
    logger: createLogger(config, 'auth-test'),
    routes: (s) => {
      s.get('/public/ping', { config: { auth: 'public' } }, async () => ({ ok: true }));
      s.get(
        '/cases/:country',
        {
          config: { auth: { roles: ['labour-attache', 'nea-officer'] } },
          schema: { params: z.object({ country: z.string() }) },
        },
        async (request) => {
          const user = requireUser(request);
          if (!hasRole(user, 'nea-officer')) requireMission(user, request.params.country);
          return { sub: user.sub, roles: user.roles };
        },
      );
    },
  });
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

t.test('no token is a 401 problem with a Bearer challenge', async (t) => {
  const res = await app().inject({ method: 'GET', url: '/cases/SA' });
  t.equal(res.statusCode, 401);
  t.equal(res.headers['www-authenticate'], 'Bearer');
  t.equal(res.json().type, `${PROBLEM_TYPE_BASE}unauthorized`);
});

t.test('a token signed with another secret, or by another issuer, is a 401', async (t) => {
  const forged = await signDevToken({ roles: ['nea-officer'] }, { ...config, JWT_SECRET: 'x'.repeat(40) });
  const foreign = await signDevToken({ roles: ['nea-officer'] }, { ...config, JWT_ISSUER: 'elsewhere' });
  for (const token of [forged, foreign, 'not.a.jwt']) {
    const res = await app().inject({ method: 'GET', url: '/cases/SA', headers: bearer(token) });
    t.equal(res.statusCode, 401);
    t.equal(res.json().type, `${PROBLEM_TYPE_BASE}invalid-token`);
  }
});

t.test('an expired token is a 401', async (t) => {
  const token = await signDevToken({ roles: ['nea-officer'], expiresIn: '-1m' }, config);
  const res = await app().inject({ method: 'GET', url: '/cases/SA', headers: bearer(token) });
  t.equal(res.statusCode, 401);
});

t.test('a valid token without a permitted role is a 403', async (t) => {
  const token = await signDevToken({ roles: ['analyst'] }, config);
  const res = await app().inject({ method: 'GET', url: '/cases/SA', headers: bearer(token) });
  t.equal(res.statusCode, 403);
  t.equal(res.json().type, `${PROBLEM_TYPE_BASE}forbidden`);
  t.same(res.json().requiredRoles, ['labour-attache', 'nea-officer']);
});

t.test('a permitted role is allowed and the user is on the request', async (t) => {
  const token = await signDevToken({ roles: ['nea-officer'], sub: 'officer-7' }, config);
  const res = await app().inject({ method: 'GET', url: '/cases/QA', headers: bearer(token) });
  t.equal(res.statusCode, 200);
  t.same(res.json(), { sub: 'officer-7', roles: ['nea-officer'] });
});

t.test("an attaché sees only the mission's records", async (t) => {
  const token = await signDevToken({ roles: ['labour-attache'], mission: 'sa' }, config);
  const own = await app().inject({ method: 'GET', url: '/cases/SA', headers: bearer(token) });
  t.equal(own.statusCode, 200);
  const other = await app().inject({ method: 'GET', url: '/cases/QA', headers: bearer(token) });
  t.equal(other.statusCode, 403);
  t.equal(other.json().type, `${PROBLEM_TYPE_BASE}mission-mismatch`);
});

t.test('public routes need no token', async (t) => {
  const res = await app().inject({ method: 'GET', url: '/public/ping' });
  t.equal(res.statusCode, 200);
});

t.test('a route that does not declare its access is refused at registration', async (t) => {
  const unguarded = createService({
    name: 'unguarded',
    config,
    logger: createLogger(config, 'unguarded'),
    routes: (s) => {
      s.get('/agencies', async () => []);
    },
  });
  await t.rejects(async () => {
    await unguarded.ready();
  }, /GET \/agencies declares no access rule/);

  const unknownRole = createService({
    name: 'unknown-role',
    config,
    logger: createLogger(config, 'unknown-role'),
    routes: (s) => {
      // @ts-expect-error: the type already refuses a role that does not exist; this checks the runtime guard
      s.get('/agencies', { config: { auth: { roles: ['admin'] } } }, async () => []);
    },
  });
  await t.rejects(async () => {
    await unknownRole.ready();
  }, /known roles/);
});

t.test('production refuses to mint development tokens', async (t) => {
  await t.rejects(
    signDevToken({ roles: ['analyst'] }, { ...config, NODE_ENV: 'production', JWT_SECRET: 'y'.repeat(40) }),
    /refused in production/,
  );
});

t.test('development tokens are minted only with the development defaults on', async (t) => {
  await t.rejects(
    signDevToken({ roles: ['analyst'] }, { ...config, KAZI_DEV: false, JWT_SECRET: 'y'.repeat(40) }),
    /only with KAZI_DEV=1/,
  );
});

const exec = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const runTokenScript = (args: string[], env: Record<string, string> = {}) =>
  exec(process.execPath, ['--import=tsx', 'scripts/token.ts', ...args], {
    cwd: repoRoot,
    // As `npm run token` runs it: with the development defaults asked for.
    env: { PATH: process.env.PATH ?? '', KAZI_DEV: '1', ...env },
  });

t.test('the token script prints only a token that verifies', async (t) => {
  const { stdout } = await runTokenScript([
    '--role',
    'labour-attache',
    '--role',
    'hotline',
    '--mission',
    'QA',
    '--sub',
    'att-1',
  ]);
  t.match(stdout, /^[\w-]+\.[\w-]+\.[\w-]+\n$/);
  const user = await verifyToken(stdout.trim(), loadConfig(baseConfigSchema, { KAZI_DEV: '1' }));
  t.same(user, {
    sub: 'att-1',
    name: 'Development labour-attache',
    roles: ['labour-attache', 'hotline'],
    mission: 'QA',
  });
});

t.test('the token script fails with a message for unknown roles and in production', async (t) => {
  const unknown = await runTokenScript(['--role', 'superuser']).catch(
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
  t.equal((unknown as { code: number }).code, 1);
  t.equal((unknown as { stdout: string }).stdout, '');
  t.match((unknown as { stderr: string }).stderr, /superuser/);

  const production = await runTokenScript(['--role', 'analyst'], {
    NODE_ENV: 'production',
    KAZI_DEV: '0',
    JWT_SECRET: 'z'.repeat(40),
  }).catch((e: { code: number; stderr: string }) => e);
  t.equal((production as { code: number }).code, 1);
  t.match((production as { stderr: string }).stderr, /refused in production/);
});

t.test('the token script mints nothing without KAZI_DEV=1', async (t) => {
  const noSecret = await runTokenScript(['--role', 'analyst'], { KAZI_DEV: '0' }).catch(
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
  t.equal((noSecret as { code: number }).code, 1);
  t.equal((noSecret as { stdout: string }).stdout, '');
  t.match((noSecret as { stderr: string }).stderr, /JWT_SECRET: is required without KAZI_DEV=1/);

  const realSecret = await runTokenScript(['--role', 'analyst'], {
    KAZI_DEV: '0',
    JWT_SECRET: 'z'.repeat(40),
  }).catch((e: { code: number; stdout: string; stderr: string }) => e);
  t.equal((realSecret as { code: number }).code, 1);
  t.equal((realSecret as { stdout: string }).stdout, '');
  t.match((realSecret as { stderr: string }).stderr, /only with KAZI_DEV=1/);
});
