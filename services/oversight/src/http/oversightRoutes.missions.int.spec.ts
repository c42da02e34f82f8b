import {
  AgreementInForce,
  AgreementRecorded,
  AgreementSigned,
  CaseClosed,
  CaseOpened,
  CaseUpdated,
  CommitteeActionOverdue,
  CommitteeMeetingHeld,
  RepatriationStageChanged,
} from '@kazi/contracts';
import { assertProblem } from '@kazi/testing';
import t from 'tap';
import { type OversightTestSystem, startOversightTestSystem } from './oversightTestSystem.fixture.ts';

const opened = (caseId: string, at: string, caseType: string, country = 'SA') => ({
  caseId,
  at,
  caseType: caseType as 'labour-dispute',
  country,
  sex: 'female' as const,
  ageBand: '25-34',
  occupation: '9111',
});

/** Saudi Arabia: three open cases, one closed, a worker in a shelter, a repatriation planned; Qatar: one case. */
async function missionsAndAgreement(system: OversightTestSystem) {
  const { publish, lodge } = system;
  await publish(CaseOpened, opened('case-dispute', '2026-02-25T09:00:00.000Z', 'labour-dispute'));
  await publish(CaseUpdated, {
    caseId: 'case-dispute',
    at: '2026-02-26T09:00:00.000Z',
    action: 'employer-contacted',
  });
  await publish(CaseOpened, opened('case-shelter', '2026-01-10T09:00:00.000Z', 'rescue-shelter'));
  await publish(CaseUpdated, {
    caseId: 'case-shelter',
    at: '2026-01-11T09:00:00.000Z',
    action: 'shelter-admission',
  });
  await publish(CaseOpened, opened('case-return', '2026-02-01T09:00:00.000Z', 'repatriation'));
  await publish(RepatriationStageChanged, {
    caseId: 'case-return',
    at: '2026-02-02T09:00:00.000Z',
    stage: 'planned',
    date: '2026-02-02',
  });
  await publish(CaseOpened, opened('case-done', '2026-01-20T09:00:00.000Z', 'welfare-check'));
  await publish(CaseClosed, { caseId: 'case-done', at: '2026-01-25T09:00:00.000Z', outcome: 'resolved' });
  await publish(CaseOpened, opened('case-doha', '2026-02-20T09:00:00.000Z', 'labour-dispute', 'QA'));

  const agreement = { agreementId: 'blma-sa', partnerCountry: 'SA' };
  const terms = {
    provisionKinds: ['wage-protection' as const, 'maximum-hours' as const],
    sectors: [{ isco: '9111', label: 'Domestic workers' }],
  };
  await publish(AgreementRecorded, {
    ...agreement,
    at: '2025-10-01T09:00:00.000Z',
    title: 'Domestic workers agreement',
    kind: 'bilateral-labour-agreement',
    ...terms,
  });
  await publish(AgreementSigned, { ...agreement, at: '2025-11-01T09:00:00.000Z', date: '2025-11-01' });
  await publish(AgreementInForce, {
    ...agreement,
    at: '2026-01-01T09:00:00.000Z',
    date: '2026-01-01',
    ...terms,
  });
  await publish(CommitteeMeetingHeld, {
    ...agreement,
    meetingId: 'meeting-1',
    at: '2026-01-15T09:00:00.000Z',
    date: '2026-01-15',
    institutions: [{ institution: 'Ministry of Labour', country: 'KE' }],
    actions: [{ actionId: 'action-1', owner: 'Ministry of Labour', due: '2026-02-01' }],
  });
  await publish(CommitteeActionOverdue, {
    ...agreement,
    meetingId: 'meeting-1',
    at: '2026-02-02T03:00:00.000Z',
    actionId: 'action-1',
    owner: 'Ministry of Labour',
    due: '2026-02-01',
  });
  await lodge({ at: '2026-02-02T09:00:00.000Z', categories: ['withheld-wages'] });
  await lodge({ at: '2026-02-03T09:00:00.000Z', categories: ['withheld-wages', 'excessive-hours'] });
  await lodge({ at: '2026-02-04T09:00:00.000Z', categories: ['document-confiscation'] });
  // Before the agreement entered into force, and in another country: neither counts.
  await lodge({ at: '2025-12-01T09:00:00.000Z', categories: ['withheld-wages'] });
  await lodge({ at: '2026-02-02T09:00:00.000Z', categories: ['withheld-wages'], country: 'QA' });
  await system.caughtUp();
}

t.test(
  "a mission's caseload: open cases by type and age, overdue actions, shelter, repatriations",
  async (t) => {
    const system = await startOversightTestSystem(t);
    await missionsAndAgreement(system);
    const { call, tokens } = system;

    const r = await call('GET', '/oversight/missions/sa/caseload', { token: tokens.attache });
    t.equal(r.status, 200, "the attaché in Riyadh reads Saudi Arabia's caseload", { body: r.text });
    t.same(r.body, {
      country: 'SA',
      openCases: {
        total: 3,
        byTypeAndAge: [
          { type: 'labour-dispute', age: '0-7 days', count: 1 },
          { type: 'repatriation', age: '8-30 days', count: 1 },
          { type: 'rescue-shelter', age: '31-90 days', count: 1 },
        ],
      },
      overdueActions: { casesWithoutActionFor14Days: 2, committeeActionsOverdue: 1 },
      shelterOccupancy: 1,
      repatriationsInProgress: { total: 1, byStage: [{ stage: 'planned', count: 1 }] },
    });
    const analyst = await call('GET', '/oversight/missions/SA/caseload', { token: tokens.analyst });
    t.match(analyst.body, { openCases: { total: '<5' }, shelterOccupancy: '<5' }, 'analysts see "<5"');
    assertProblem(
      t,
      await call('GET', '/oversight/missions/SA/caseload', { token: tokens.attacheQa }),
      403,
      'mission-mismatch',
      "the attaché in Doha may not read Saudi Arabia's",
    );
    const doha = await call('GET', '/oversight/missions/QA/caseload', { token: tokens.attacheQa });
    t.match(doha.body, { country: 'QA', openCases: { total: 1 }, shelterOccupancy: 0 });
  },
);

t.test(
  'BLMA implementation: complaints in the partner country since entry into force, by the provision they touch',
  async (t) => {
    const system = await startOversightTestSystem(t);
    await missionsAndAgreement(system);
    const { call, tokens } = system;

    const r = await call('GET', '/oversight/blmas/implementation', { token: tokens.director });
    t.equal(r.status, 200, { body: r.text });
    t.same(r.body, {
      items: [
        {
          agreementId: 'blma-sa',
          partnerCountry: 'SA',
          kind: 'bilateral-labour-agreement',
          status: 'in-force',
          inForceSince: '2026-01-01',
          provisions: ['wage-protection', 'maximum-hours'],
          complaints: {
            total: 3,
            byProvision: [
              {
                provision: 'passport-retention-prohibited',
                category: 'document-confiscation',
                inTerms: false,
                count: 1,
              },
              { provision: 'maximum-hours', category: 'excessive-hours', inTerms: true, count: 1 },
              { provision: 'recruitment-fees', category: 'recruitment-fees', inTerms: false, count: 0 },
              { provision: 'wage-protection', category: 'withheld-wages', inTerms: true, count: 2 },
            ],
            byQuarter: [{ quarter: '2026-Q1', count: 3 }],
          },
          casesOpened: 4,
          workersRepatriated: 0,
          committeeActionsOverdue: 1,
        },
      ],
      nextCursor: null,
    });
    const mol = await call('GET', '/oversight/blmas/implementation', { token: tokens.mol });
    t.equal(mol.status, 200);
    t.match(mol.body.items[0], {
      complaints: { total: '<5' },
      casesOpened: '<5',
      committeeActionsOverdue: 1,
    });
  },
);
