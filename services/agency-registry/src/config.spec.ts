import { DEVELOPMENT_MASTER_KEY } from '@kazi/personal-data';
import { ConfigError, loadConfig } from '@kazi/service-kit';
import t from 'tap';
import { agencyRegistryConfigSchema } from './config.ts';

t.test('defaults: all seven checks required, 12-month licences', async (t) => {
  const config = loadConfig(agencyRegistryConfigSchema, { KAZI_DEV: '1' });
  t.equal(config.REQUIRED_VETTING_CHECKS.length, 7);
  t.equal(config.LICENCE_VALIDITY_MONTHS, 12);
});

t.test('the required checks are configuration; an unknown check is named', async (t) => {
  t.same(
    loadConfig(agencyRegistryConfigSchema, {
      KAZI_DEV: '1',
      REQUIRED_VETTING_CHECKS: 'tax-compliance, office-inspection',
    }).REQUIRED_VETTING_CHECKS,
    ['tax-compliance', 'office-inspection'],
  );
  t.throws(
    () =>
      loadConfig(agencyRegistryConfigSchema, {
        KAZI_DEV: '1',
        REQUIRED_VETTING_CHECKS: 'tax-compliance,palm-reading',
      }),
    ConfigError,
  );
});

const productionMasterKey = Buffer.alloc(32, 7).toString('base64');

t.test('production refuses the development fingerprint key and names the variable', async (t) => {
  const env = {
    NODE_ENV: 'production',
    JWT_SECRET: 'x'.repeat(40),
    PERSONAL_DATA_MASTER_KEY: productionMasterKey,
  };
  const error = (() => {
    try {
      loadConfig(agencyRegistryConfigSchema, env);
    } catch (e) {
      return e;
    }
  })();
  t.ok(error instanceof ConfigError);
  t.match((error as Error).message, /DIRECTOR_FINGERPRINT_SECRET/);
  t.ok(loadConfig(agencyRegistryConfigSchema, { ...env, DIRECTOR_FINGERPRINT_SECRET: 'y'.repeat(32) }));
});

t.test('the personal-data master key: the development one only with KAZI_DEV=1', async (t) => {
  const development = loadConfig(agencyRegistryConfigSchema, { KAZI_DEV: '1' });
  t.equal(development.PERSONAL_DATA_MASTER_KEY, DEVELOPMENT_MASTER_KEY);
  const env = {
    NODE_ENV: 'production',
    JWT_SECRET: 'x'.repeat(40),
    DIRECTOR_FINGERPRINT_SECRET: 'y'.repeat(32),
  };
  t.throws(
    () => loadConfig(agencyRegistryConfigSchema, env),
    /PERSONAL_DATA_MASTER_KEY/,
    'production refuses the development key',
  );
  t.equal(
    loadConfig(agencyRegistryConfigSchema, { ...env, PERSONAL_DATA_MASTER_KEY: productionMasterKey })
      .PERSONAL_DATA_MASTER_KEY,
    productionMasterKey,
  );
});
