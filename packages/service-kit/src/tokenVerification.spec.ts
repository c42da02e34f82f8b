import { decodeJwt, type JWTPayload, SignJWT } from 'jose';
import t, { type Test } from 'tap';
import { createService } from './app.ts';
import { signDevToken, verifyToken } from './auth.ts';
import { baseConfigSchema, loadConfig } from './config.ts';
import { createLogger } from './logging.ts';
import { PROBLEM_TYPE_BASE } from './problem.ts';

const config = loadConfig(baseConfigSchema, { NODE_ENV: 'test', KAZI_DEV: '1', LOG_LEVEL: 'silent' });
const key = new TextEncoder().encode(config.JWT_SECRET);
const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
const NOW = new Date('2026-03-01T08:00:00Z');
const HOUR = 3600;

/** A token as an issuer might send it: every claim explicit, `undefined` leaves one out. */
function mint(claims: Partial<Record<'sub' | 'name' | 'aud' | 'iss' | 'iat' | 'exp', unknown>> = {}) {
  const payload: JWTPayload = {
    sub: 'officer-1',
    name: 'Achieng Otieno',
    roles: ['nea-officer'],
    iss: config.JWT_ISSUER,
    aud: config.JWT_AUDIENCE,
    iat: seconds(NOW) - 60,
    exp: seconds(NOW) + HOUR,
    ...claims,
  } as JWTPayload;
  for (const [claim, value] of Object.entries(payload)) if (value === undefined) delete payload[claim];
  return new SignJWT(payload).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(key);
}

const refused = async (t: Test, token: Promise<string>, why: string, at = NOW) => {
  const error = await verifyToken(await token, config, at).then(
    () => undefined,
    (e: unknown) => e,
  );
  t.match(error, { status: 401, type: 'invalid-token' }, why);
};

t.test('a well-formed token is accepted', async (t) => {
  const user = await verifyToken(await mint(), config, NOW);
  t.same(user, { sub: 'officer-1', name: 'Achieng Otieno', roles: ['nea-officer'] });
});

t.test('exp, iat and the audience are required', async (t) => {
  await refused(t, mint({ exp: undefined }), 'no exp: it would never expire');
  await refused(t, mint({ iat: undefined }), 'no iat: its age is unknown');
  await refused(t, mint({ aud: undefined }), 'no audience');
  await refused(t, mint({ aud: 'another-system' }), 'minted for another system');
  await refused(t, mint({ aud: ['another-system', 'kazi-elsewhere'] }), 'none of its audiences is this one');
  t.ok(await verifyToken(await mint({ aud: ['another-system', config.JWT_AUDIENCE] }), config, NOW));
});

t.test('a token older than JWT_MAX_AGE_SECONDS is refused even before its exp', async (t) => {
  const old = mint({ iat: seconds(NOW) - 13 * HOUR, exp: seconds(NOW) + 30 * 24 * HOUR });
  await refused(t, old, 'issued 13 h ago, the maximum is 12 h');
  t.ok(await verifyToken(await mint({ iat: seconds(NOW) - 11 * HOUR }), config, NOW), '11 h is fine');
  await refused(t, mint({ iat: seconds(NOW) + 10 * 60 }), 'issued in the future (beyond the tolerance)');
});

t.test('the clock tolerance allows a little skew and no more', async (t) => {
  t.ok(await verifyToken(await mint({ exp: seconds(NOW) - 10 }), config, NOW), 'expired 10 s ago: skew');
  await refused(t, mint({ exp: seconds(NOW) - 60 }), 'expired 60 s ago, tolerance 30 s');
  t.ok(await verifyToken(await mint({ iat: seconds(NOW) + 10 }), config, NOW), 'issued 10 s "ahead": skew');
});

t.test('sub and name are bounded', async (t) => {
  t.ok(await verifyToken(await mint({ sub: 's'.repeat(128), name: 'n'.repeat(200) }), config, NOW));
  await refused(t, mint({ sub: 's'.repeat(129) }), 'sub over 128 characters');
  await refused(t, mint({ name: 'n'.repeat(201) }), 'name over 200 characters');
});

t.test('a refused claim is a 401 problem naming the claim', async (t) => {
  const app = createService({
    name: 'claims-test',
    config,
    logger: createLogger(config, 'claims-test'),
    routes: (s) => {
      s.get('/agencies', { config: { auth: { roles: ['nea-officer'] } } }, async () => ({ items: [] }));
    },
  });
  const token = await new SignJWT({ name: 'n'.repeat(201), roles: ['nea-officer'] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject('officer-1')
    .setIssuer(config.JWT_ISSUER)
    .setAudience(config.JWT_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(key);
  const res = await app.inject({
    method: 'GET',
    url: '/agencies',
    headers: { authorization: `Bearer ${token}` },
  });
  t.equal(res.statusCode, 401);
  t.equal(res.json().type, `${PROBLEM_TYPE_BASE}invalid-token`);
  t.match(res.json().detail, /name/);
});

t.test('a remembered token is not accepted after its exp', async (t) => {
  const token = await mint({ sub: 'cached-exp', exp: seconds(NOW) + 5 * 60 });
  t.ok(await verifyToken(token, config, NOW), 'verified and remembered');
  await refused(t, Promise.resolve(token), 'an hour later', new Date(NOW.getTime() + HOUR * 1000));
});

t.test('a remembered token is not accepted past the maximum age', async (t) => {
  const token = await mint({ sub: 'cached-age', exp: seconds(NOW) + 30 * 24 * HOUR });
  t.ok(await verifyToken(token, config, NOW), 'verified and remembered');
  await refused(t, Promise.resolve(token), '13 hours later', new Date(NOW.getTime() + 13 * HOUR * 1000));
});

t.test('development tokens carry aud, iat and exp', async (t) => {
  const claims = decodeJwt(await signDevToken({ roles: ['analyst'] }, config));
  t.equal(claims.aud, config.JWT_AUDIENCE);
  t.type(claims.iat, 'number');
  t.equal(Number(claims.exp) - Number(claims.iat), 12 * HOUR);
});
