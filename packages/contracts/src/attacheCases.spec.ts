import t from 'tap';
import { attacheCasesEvents, CaseWorkerDetailsCorrected } from './attacheCases.ts';
import { IntegrationEventCatalog } from './integrationEvent.ts';

const corrected = {
  caseId: 'referral-0b6f2d4e-6a7c-4d1e-9a43-1f0c9e2b7a10-SA',
  at: '2026-03-10T09:00:00.000Z',
  sex: 'female',
  ageBand: '25-34',
  occupation: '9111',
};

t.test("a worker's details corrected: sex, age band and occupation, the last two optional", async (t) => {
  t.strictSame(CaseWorkerDetailsCorrected.schema.parse(corrected), corrected);
  const { ageBand: _a, occupation: _o, ...sexOnly } = corrected;
  t.strictSame(CaseWorkerDetailsCorrected.schema.parse(sexOnly), sexOnly, 'a correction of the sex alone');
  t.ok(new IntegrationEventCatalog(attacheCasesEvents).get(CaseWorkerDetailsCorrected.type), 'catalogued');
});

t.test('the details themselves never ride along: anything but the counted facts is dropped', async (t) => {
  const parsed = CaseWorkerDetailsCorrected.schema.parse({
    ...corrected,
    fullName: 'Amina Wanjiku',
    passportNumber: 'AK7654321',
    sealed: 'pd2.ZGV0YWls.c2VhbGVk',
  });
  t.strictSame(parsed, corrected);
});

t.test('a sex outside the vocabulary, or no case, is refused', async (t) => {
  t.notOk(CaseWorkerDetailsCorrected.schema.safeParse({ ...corrected, sex: 'f' }).success);
  t.notOk(CaseWorkerDetailsCorrected.schema.safeParse({ ...corrected, caseId: '' }).success);
});
