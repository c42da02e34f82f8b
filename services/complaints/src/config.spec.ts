import { DEVELOPMENT_MASTER_KEY } from '@kazi/personal-data';
import { ConfigError, loadConfig } from '@kazi/service-kit';
import t from 'tap';
import { complaintRulesOf, complaintsConfigSchema } from './config.ts';

t.test('defaults, lists and the production master key', async (t) => {
  const config = loadConfig(complaintsConfigSchema, { KAZI_DEV: '1' });
  t.same(complaintRulesOf(config as never).responseHours, { critical: 24, high: 72, normal: 168 });
  t.equal(config.PERSONAL_DATA_MASTER_KEY, DEVELOPMENT_MASTER_KEY);
  t.same(
    loadConfig(complaintsConfigSchema, { KAZI_DEV: '1', HIGH_SEVERITY_CATEGORIES: 'stranded, other' })
      .HIGH_SEVERITY_CATEGORIES,
    ['stranded', 'other'],
  );
  t.throws(
    () =>
      loadConfig(complaintsConfigSchema, { KAZI_DEV: '1', HIGH_SEVERITY_CATEGORIES: 'stranded,nonsense' }),
    ConfigError,
    'an unknown category names the variable',
  );
  t.throws(
    () => loadConfig(complaintsConfigSchema, { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }),
    /PERSONAL_DATA_MASTER_KEY/,
    'production refuses the development key',
  );
  t.equal(config.EMPLOYER_MATCH_MIN_SCORE, 0.75, 'two of three distinctive words shared by default');
  t.throws(
    () => loadConfig(complaintsConfigSchema, { KAZI_DEV: '1', EMPLOYER_MATCH_MIN_SCORE: '0.2' }),
    ConfigError,
    'a score so low that one shared word of many would flag a complaint is refused',
  );
  const key = Buffer.alloc(32, 7).toString('base64');
  t.equal(
    loadConfig(complaintsConfigSchema, {
      NODE_ENV: 'production',
      JWT_SECRET: 'x'.repeat(40),
      PERSONAL_DATA_MASTER_KEY: key,
    }).PERSONAL_DATA_MASTER_KEY,
    key,
  );
});
