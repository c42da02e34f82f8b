import t from 'tap';
import { z } from 'zod';
import { createService } from './app.ts';
import { baseConfigSchema, loadConfig } from './config.ts';
import { createLogger } from './logging.ts';

const config = loadConfig(baseConfigSchema, { NODE_ENV: 'test', KAZI_DEV: '1', LOG_LEVEL: 'info' });

function capture() {
  const lines: string[] = [];
  const logger = createLogger(config, 'logging-test', { write: (line: string) => void lines.push(line) });
  return { logger, text: () => lines.join(''), records: () => lines.map((l) => JSON.parse(l)) };
}

t.test('personal fields are redacted wherever they appear', async (t) => {
  const { logger, text } = capture();
  logger.info(
    {
      phone: '+254700111222',
      complaint: {
        complainant: { fullName: 'Amina Wanjiru', phone: '+254700111222', nationalId: '23456789' },
        narrative: 'my employer took my passport',
        categories: ['document-confiscation'],
      },
      agency: {
        name: 'Acme Recruiters',
        directors: [{ fullName: 'John Kamau', passportNumber: 'AK1234567' }],
      },
      deep: {
        a: { b: { c: { email: 'amina@example.com', dateOfBirth: '1990-01-01', trackingPin: '4821' } } },
      },
    },
    'complaint lodged',
  );
  const out = text();
  for (const secret of [
    '254700111222',
    'Amina',
    'Wanjiru',
    '23456789',
    'passport',
    'Kamau',
    'AK1234567',
    'amina@',
    '1990-01-01',
    '4821',
  ]) {
    t.notMatch(out, secret, `${secret} is not logged`);
  }
  t.match(out, 'document-confiscation', 'non-personal fields stay');
  t.match(out, 'Acme Recruiters', "an agency's name is not personal data");
});

t.test(
  'also in arrays, deeper levels, errors and child loggers; the logged object is not changed',
  async (t) => {
    const { logger, text } = capture();
    const logged = {
      items: [
        { id: 'c-1', complainant: { phone: '+254711000001' } },
        { id: 'c-2', phone: '+254711000002' },
      ],
      a: { b: { c: { d: { e: { f: { fullName: 'Neema Achieng' } } } } } },
      headers: { authorization: 'Bearer secret.token.here', accept: 'application/json' },
    };
    const before = JSON.stringify(logged);
    logger.info(logged, 'many');
    t.equal(JSON.stringify(logged), before, 'the caller keeps its object as it was');
    const error = Object.assign(new Error('refused'), { nationalId: '30111222', rule: 'duplicate' });
    logger.error({ err: error }, 'failed');
    logger.child({ passportNumber: 'BX7654321', flow: 'f-1' }).info('child');
    const out = text();
    for (const secret of [
      '254711000001',
      '254711000002',
      'Neema',
      'secret.token.here',
      '30111222',
      'BX7654321',
    ])
      t.notMatch(out, secret, `${secret} is not logged`);
    for (const kept of ['c-1', 'c-2', 'application/json', 'refused', 'duplicate', 'f-1'])
      t.match(out, kept, `${kept} stays`);
  },
);

t.test(
  'request logs carry request and correlation ids, never the body, token or secret query values',
  async (t) => {
    const { logger, text, records } = capture();
    const app = createService({
      name: 'logging-test',
      config,
      logger,
      routes: (s) => {
        s.post(
          '/complaints',
          { config: { auth: 'public' }, schema: { body: z.object({ phone: z.string() }) } },
          async (req) => {
            req.log.info('handling');
            return { ok: true };
          },
        );
        s.get('/public/complaints/status', { config: { auth: 'public' } }, async () => ({
          status: 'lodged',
        }));
      },
    });
    await app.inject({
      method: 'POST',
      url: '/complaints',
      headers: {
        'x-request-id': 'req-42',
        'x-correlation-id': 'flow-7',
        authorization: 'Bearer abc.def.ghi',
      },
      payload: { phone: '+254799000111' },
    });
    await app.inject({ method: 'GET', url: '/public/complaints/status?reference=NEA-2026-000123&pin=9137' });
    const out = text();
    t.notMatch(out, '254799000111');
    t.notMatch(out, 'abc.def.ghi');
    t.notMatch(out, '9137');
    t.match(out, 'NEA-2026-000123');
    const handling = records().find((r) => r.msg === 'handling');
    t.equal(handling.reqId, 'req-42');
    t.equal(handling.correlationId, 'flow-7');
  },
);
