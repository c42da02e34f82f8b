import t from 'tap';
import { z } from 'zod';
import {
  caseUpdateInputSchema,
  closureInputSchema,
  openCaseInputSchema,
  repatriationInputSchema,
  updateIdSchema,
  workerPersonalDataOf,
} from './input.ts';
import { caseBody, caseInput, openCaseBody } from './specFixtures.ts';

/** What an attaché's app may send, before anything is sealed: strict bodies, one shape per action. */

t.test('a POST /cases body', async (t) => {
  t.ok(openCaseInputSchema.safeParse(openCaseBody()).success, 'the test body is valid');
  t.same(caseInput, caseBody, 'the shared body parses to itself');
  const minimal = {
    type: 'welfare-check',
    country: 'qa',
    worker: { fullName: 'Mary Atieno', sex: 'female' },
    summary: 'welfare visit',
  };
  t.same(openCaseInputSchema.parse(minimal).country, 'QA', 'a minimal body; the country normalised');
  t.ok(
    openCaseInputSchema.safeParse(openCaseBody({ employer: undefined, employerId: 'employer-1' })).success,
  );
  const refused: Array<[string, unknown]> = [
    ['both a registered and a typed employer', openCaseBody({ employerId: 'employer-1' })],
    ['an unknown type', openCaseBody({ type: 'deportation' })],
    ['an unknown country', openCaseBody({ country: 'XX' })],
    ['no summary', { ...openCaseBody(), summary: undefined }],
    [
      'an occupation that is no ISCO code',
      openCaseBody({ worker: { ...caseBody.worker, occupation: 'maid' } }),
    ],
    ['a phone that is not E.164', openCaseBody({ worker: { ...caseBody.worker, phone: '0722000111' } })],
    [
      'a malformed date of birth',
      openCaseBody({ worker: { ...caseBody.worker, dateOfBirth: '15/06/1998' } }),
    ],
    ['an unknown worker field', openCaseBody({ worker: { ...caseBody.worker, religion: 'x' } })],
    ['an unknown field', { ...openCaseBody(), status: 'closed' }],
    ['a control character in the summary', openCaseBody({ summary: 'paid\u0000' })],
  ];
  for (const [what, body] of refused)
    t.notOk(openCaseInputSchema.safeParse(body).success, `${what} is refused`);
});

t.test("the worker's personal data: what the application seals", async (t) => {
  t.same(workerPersonalDataOf(caseInput.worker), {
    fullName: 'Amina Wanjiku Mwangi',
    passportNumber: 'AK7654321',
    phone: '+254722000111',
    dateOfBirth: '1998-06-15',
    whereabouts: 'Villa 12, Al Olaya, Riyadh',
  });
  t.same(workerPersonalDataOf({ fullName: 'Mary Atieno', sex: 'female' }), { fullName: 'Mary Atieno' });
});

const change = { expectedVersion: z.number().int().min(1), updateId: updateIdSchema };

t.test('a POST /cases/:id/updates body, one shape per action, with the change fields', async (t) => {
  const schema = caseUpdateInputSchema(change);
  const c = { expectedVersion: 3, updateId: '0b5c3f0e-6c1d-4a8e-9a43-2f1e8b7d9c10' };
  const accepted: unknown[] = [
    { action: 'note', note: 'called her, she is well', ...c },
    { action: 'employer-contacted', ...c },
    { action: 'employer-contacted', date: '2026-03-02', note: 'by phone', ...c },
    { action: 'hearing', forum: 'labour-court', outcome: 'adjourned', date: '2026-03-02', ...c },
    { action: 'shelter-admission', ...c },
    { action: 'shelter-discharge', ...c },
    { action: 'wages-recovered', amount: 7200, currency: 'SAR', ...c },
    { action: 'lawyer-referral', ...c },
    {
      action: 'remains-disposition',
      disposition: 'burial-abroad',
      familyConsent: { date: '2026-03-02', relation: 'spouse' },
      ...c,
    },
  ];
  for (const body of accepted) t.ok(schema.safeParse(body).success, (body as { action: string }).action);
  const refused: Array<[string, unknown]> = [
    ['a note without text', { action: 'note', ...c }],
    ['an unknown action', { action: 'deported', ...c }],
    ['a hearing without its outcome', { action: 'hearing', forum: 'labour-court', ...c }],
    ['wages of nothing', { action: 'wages-recovered', amount: 0, currency: 'SAR', ...c }],
    ['wages without a currency', { action: 'wages-recovered', amount: 100, ...c }],
    ['a currency in lower case', { action: 'wages-recovered', amount: 100, currency: 'sar', ...c }],
    ['a field of another action', { action: 'note', note: 'x', amount: 3, ...c }],
    ['remains without consent', { action: 'remains-disposition', disposition: 'burial-abroad', ...c }],
    ['no updateId', { action: 'note', note: 'x', expectedVersion: 3 }],
    ['an updateId with a space', { action: 'note', note: 'x', expectedVersion: 3, updateId: 'a b' }],
    ['no expectedVersion', { action: 'note', note: 'x', updateId: 'u1' }],
  ];
  for (const [what, body] of refused) t.notOk(schema.safeParse(body).success, `${what} is refused`);
  t.notOk(
    caseUpdateInputSchema().safeParse({ action: 'note', note: 'x', updateId: 'u1' }).success,
    'without the change fields, they are unknown fields',
  );
});

t.test('a POST /cases/:id/repatriation body', async (t) => {
  const schema = repatriationInputSchema(change);
  const c = { expectedVersion: 2, updateId: 'u-2' };
  for (const body of [
    { stage: 'planned', ...c },
    { stage: 'documents-ready', date: '2026-03-02', ...c },
    { stage: 'departed', ...c },
    { stage: 'arrived', safeAndDignified: false, ...c },
    { stage: 'abandoned', reason: 'the worker chose to stay', ...c },
  ])
    t.ok(schema.safeParse(body).success, body.stage);
  for (const [what, body] of [
    ['arrival without safeAndDignified', { stage: 'arrived', ...c }],
    ['safeAndDignified before arrival', { stage: 'departed', safeAndDignified: true, ...c }],
    ['abandonment without a reason', { stage: 'abandoned', ...c }],
    ['an unknown stage', { stage: 'deported', ...c }],
  ] as const)
    t.notOk(schema.safeParse(body).success, `${what} is refused`);
});

t.test('a POST /cases/:id/closure body', async (t) => {
  const schema = closureInputSchema(change);
  t.ok(schema.safeParse({ outcome: 'deceased', expectedVersion: 4, updateId: 'u-4' }).success);
  t.ok(schema.safeParse({ outcome: 'resolved', note: 'paid', expectedVersion: 4, updateId: 'u-4' }).success);
  t.notOk(schema.safeParse({ outcome: 'withdrawn', expectedVersion: 4, updateId: 'u-4' }).success);
});
