import t from 'tap';
import { countryCodeSchema, ISO_3166_ALPHA_2 } from './fields.ts';

t.test('country codes are the officially assigned ISO 3166-1 alpha-2 codes', async (t) => {
  t.equal(ISO_3166_ALPHA_2.size, 249);
  for (const [input, code] of [
    ['KE', 'KE'],
    ['sa', 'SA'],
    [' qa ', 'QA'],
    ['AE', 'AE'],
    ['LB', 'LB'],
    ['GB', 'GB'],
  ] as const)
    t.equal(countryCodeSchema.parse(input), code, `${input} → ${code}`);
  for (const input of ['XX', 'UK', 'EU', 'ZZ', 'KEN', 'K', '', '12'] as const) {
    const parsed = countryCodeSchema.safeParse(input);
    t.notOk(parsed.success, `${JSON.stringify(input)} is refused`);
    t.match(parsed.error?.issues[0]?.message, /ISO 3166-1 alpha-2/);
  }
});
