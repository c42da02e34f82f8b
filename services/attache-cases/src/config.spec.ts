import { DEVELOPMENT_MASTER_KEY } from '@kazi/personal-data';
import { ConfigError, loadConfig } from '@kazi/service-kit';
import t from 'tap';
import { attacheCasesConfigSchema } from './config.ts';

t.test('defaults: the development keys with KAZI_DEV=1, the missions of 2026', async (t) => {
  const config = loadConfig(attacheCasesConfigSchema, { KAZI_DEV: '1' });
  t.equal(config.PERSONAL_DATA_MASTER_KEY, DEVELOPMENT_MASTER_KEY);
  t.ok(config.UPDATE_FINGERPRINT_SECRET.length >= 16);
  t.equal(config.MISSION_TIME_ZONES.SA, 'Asia/Riyadh');
  t.equal(config.MISSION_TIME_ZONES.QA, 'Asia/Qatar');
});

t.test('mission time zones are configuration; a bad one names the variable', async (t) => {
  t.same(
    loadConfig(attacheCasesConfigSchema, {
      KAZI_DEV: '1',
      MISSION_TIME_ZONES: 'SA=Asia/Riyadh, JP=Asia/Tokyo',
    }).MISSION_TIME_ZONES,
    { SA: 'Asia/Riyadh', JP: 'Asia/Tokyo' },
  );
  for (const bad of ['SA=Mars/Olympus', 'Saudi=Asia/Riyadh', 'SA'])
    t.throws(
      () => loadConfig(attacheCasesConfigSchema, { KAZI_DEV: '1', MISSION_TIME_ZONES: bad }),
      /MISSION_TIME_ZONES/,
      bad,
    );
});

t.test('production refuses the development keys and names them', async (t) => {
  const env = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) };
  const error = (() => {
    try {
      loadConfig(attacheCasesConfigSchema, env);
    } catch (e) {
      return e;
    }
  })();
  t.ok(error instanceof ConfigError);
  t.match((error as Error).message, /UPDATE_FINGERPRINT_SECRET/);
  t.match((error as Error).message, /PERSONAL_DATA_MASTER_KEY/);
  const keys = {
    UPDATE_FINGERPRINT_SECRET: 'y'.repeat(32),
    PERSONAL_DATA_MASTER_KEY: Buffer.alloc(32, 7).toString('base64'),
  };
  t.ok(loadConfig(attacheCasesConfigSchema, { ...env, ...keys }));
});
