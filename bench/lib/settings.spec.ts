import t from 'tap';
import { settingsFromEnv } from './settings.ts';

t.test('defaults: the issue’s sizes', async (t) => {
  const s = settingsFromEnv({});
  t.equal(s.scaleAgencies, 200_000);
  t.equal(s.scaleCommonAgencies, 50_000);
  t.equal(s.scaleBaseAgencies, 1000);
  t.equal(s.soakSeconds, 300);
  t.equal(s.latencyRate, 100);
});

t.test('the common share follows a smaller register unless it is set', async (t) => {
  t.equal(settingsFromEnv({ BENCH_SCALE_AGENCIES: '5000' }).scaleCommonAgencies, 1250);
  t.equal(
    settingsFromEnv({ BENCH_SCALE_AGENCIES: '5000', BENCH_SCALE_COMMON: '100' }).scaleCommonAgencies,
    100,
  );
});

t.test('only a positive whole number replaces a default', async (t) => {
  for (const bad of ['', '0', '-5', '2.5', 'ten'])
    t.equal(settingsFromEnv({ SOAK_SECONDS: bad }).soakSeconds, 300, bad);
  t.equal(settingsFromEnv({ SOAK_SECONDS: '20' }).soakSeconds, 20);
});
