import { randomUUID } from 'node:crypto';
import {
  AgencyApplicationRecorded,
  AgencyLicenceRenewed,
  AgencyLicensed,
  AgencyReinstated,
  AgencyRevoked,
  AgencySuspended,
  AgreementAmended,
  AgreementInForce,
  AgreementRecorded,
  CaseClosed,
  CaseOpened,
  CaseUpdated,
  ComplaintClosed,
  ComplaintLodged,
  ComplaintReferred,
  ComplaintReopened,
  ComplaintResolved,
  ComplaintResponseOverdue,
  ComplaintTriaged,
  EmployerVetted,
  type IntegrationEventData,
  type IntegrationEventDefinition,
  RepatriationStageChanged,
} from '@kazi/contracts';
import type { ReceivedIntegrationEvent } from '@kazi/messaging';
import t from 'tap';
import { migrate } from './migrator.ts';
import { PgGenerations } from './pgGenerations.ts';
import { databaseFixture } from './postgres.fixture.ts';
import { lodging, REPORTING_TABLES, snapshot } from './reporting.fixture.ts';
import { reportingProjection } from './reportingProjection.ts';

/**
 * A history where one record changes many times in a row, events come before the ones that create their
 * record, a clock runs behind, and BLMA events (handled one by one) stand between the others.
 */
function history(): ReceivedIntegrationEvent[] {
  const events: ReceivedIntegrationEvent[] = [];
  const add = <D extends IntegrationEventDefinition>(definition: D, data: IntegrationEventData<D>) => {
    events.push({
      position: events.length + 1,
      envelope: {
        id: randomUUID(),
        source: `/kazi/${definition.context}`,
        type: definition.type,
        subject: 'x',
        time: String((data as { at: string }).at),
        correlationId: randomUUID(),
        actor: 'test',
        data,
      },
    });
  };
  const a = randomUUID();
  const b = randomUUID();
  add(AgencyApplicationRecorded, {
    agencyId: a,
    at: '2026-01-02T08:00:00.000Z',
    name: 'Alpha Ltd',
    registrationNumber: 'PVT-1',
    county: 'Nairobi',
  });
  const licence = { licenceNumber: 'RA/1', validFrom: '2026-01-10', validUntil: '2027-01-09' };
  add(AgencyLicensed, {
    agencyId: a,
    at: '2026-01-10T08:00:00.000Z',
    name: 'Alpha Two Ltd',
    registrationNumber: 'PVT-1',
    ...licence,
  });
  // Licensed with no application seen, then the application: the agency row takes both.
  add(AgencyLicensed, {
    agencyId: b,
    at: '2026-01-11T08:00:00.000Z',
    name: 'Beta Ltd',
    registrationNumber: 'PVT-2',
    ...licence,
  });
  add(AgencyApplicationRecorded, {
    agencyId: b,
    at: '2026-01-12T08:00:00.000Z',
    name: 'Beta Renamed Ltd',
    registrationNumber: 'PVT-2',
    county: 'Mombasa',
  });
  add(AgencySuspended, {
    agencyId: a,
    at: '2026-02-01T08:00:00.000Z',
    reason: 'complaints',
    until: '2026-03-01',
  });
  add(AgencyReinstated, { agencyId: a, at: '2026-02-15T08:00:00.000Z' });
  // A publisher's clock behind: stamped before the interval it closes.
  add(AgencyLicenceRenewed, {
    agencyId: a,
    at: '2026-02-10T08:00:00.000Z',
    licenceNumber: 'RA/1',
    validUntil: '2028-01-09',
  });
  add(AgreementRecorded, {
    agreementId: 'agr-1',
    partnerCountry: 'SA',
    at: '2026-02-16T08:00:00.000Z',
    title: 'Kenya–Saudi Arabia',
    kind: 'bilateral-labour-agreement',
    sectors: [{ isco: '9111', label: 'Domestic' }],
    provisionKinds: ['wage-protection'],
  });
  const c1 = lodging({ agencyId: a, at: '2026-03-02T09:00:00.000Z' });
  const c2 = lodging({ at: '2026-03-03T09:00:00.000Z', agencyName: 'someone' });
  // A triage before its lodging counts for nothing, one by one or in a batch.
  add(ComplaintTriaged, {
    complaintId: c2.complaintId,
    at: '2026-03-02T10:00:00.000Z',
    categories: ['abuse'],
    indicators: [],
    traffickingSuspected: false,
    severity: 'high',
  });
  add(ComplaintLodged, c1);
  add(ComplaintLodged, c2);
  add(ComplaintTriaged, {
    complaintId: c1.complaintId,
    at: '2026-03-03T10:00:00.000Z',
    categories: ['withheld-wages', 'document-confiscation'],
    indicators: ['withholding-of-wages', 'retention-of-identity-documents'],
    traffickingSuspected: true,
    severity: 'critical',
  });
  add(AgreementInForce, {
    agreementId: 'agr-1',
    partnerCountry: 'SA',
    at: '2026-03-04T08:00:00.000Z',
    date: '2017-06-01',
    provisionKinds: ['wage-protection', 'passport-retention-prohibited'],
    sectors: [{ isco: '9111', label: 'Domestic' }],
  });
  add(ComplaintReferred, {
    complaintId: c1.complaintId,
    at: '2026-03-04T10:00:00.000Z',
    reference: 'NEA-1',
    to: 'labour-attache',
    country: 'SA',
    categories: ['withheld-wages'],
    severity: 'critical',
  });
  const k1 = randomUUID();
  const k2 = randomUUID();
  add(CaseUpdated, { caseId: k2, at: '2026-03-04T11:00:00.000Z', action: 'shelter-admission' });
  add(CaseOpened, {
    caseId: k1,
    at: '2026-03-05T07:00:00.000Z',
    caseType: 'rescue-shelter',
    country: 'SA',
    complaintId: c1.complaintId,
    sex: 'female',
    ageBand: '25-34',
    occupation: '9111',
    employerId: 'emp-1',
  });
  add(CaseOpened, {
    caseId: k2,
    at: '2026-03-05T08:00:00.000Z',
    caseType: 'welfare-check',
    country: 'QA',
    sex: 'male',
  });
  for (const [day, action] of [
    ['06', 'shelter-admission'],
    ['07', 'shelter-admission'],
    ['08', 'shelter-discharge'],
    ['09', 'shelter-discharge'],
    ['10', 'shelter-admission'],
    ['11', 'wages-recovered'],
  ] as const)
    add(CaseUpdated, { caseId: k1, at: `2026-03-${day}T10:00:00.000Z`, action });
  add(EmployerVetted, {
    employerId: 'emp-1',
    at: '2026-03-12T10:00:00.000Z',
    name: 'E',
    country: 'SA',
    outcome: 'flagged',
  });
  add(EmployerVetted, {
    employerId: 'emp-1',
    at: '2026-03-13T10:00:00.000Z',
    name: 'E',
    country: 'SA',
    outcome: 'blacklisted',
  });
  add(ComplaintResolved, {
    complaintId: c1.complaintId,
    at: '2026-03-14T10:00:00.000Z',
    outcome: 'remedied',
    remedy: { kind: 'wages-recovered', amount: 1200, currency: 'SAR' },
  });
  add(ComplaintReopened, {
    complaintId: c1.complaintId,
    at: '2026-03-15T10:00:00.000Z',
    respondBy: '2026-03-22T10:00:00.000Z',
  });
  add(ComplaintResponseOverdue, {
    complaintId: c1.complaintId,
    at: '2026-03-23T10:00:00.000Z',
    respondBy: '2026-03-22T10:00:00.000Z',
    severity: 'critical',
  });
  add(ComplaintResponseOverdue, {
    complaintId: c1.complaintId,
    at: '2026-03-23T11:00:00.000Z',
    respondBy: '2026-03-22T10:00:00.000Z',
    severity: 'critical',
  });
  add(RepatriationStageChanged, {
    caseId: k1,
    at: '2026-03-24T10:00:00.000Z',
    stage: 'planned',
    date: '2026-03-24',
    sex: 'female',
  });
  add(AgreementAmended, {
    agreementId: 'agr-1',
    partnerCountry: 'SA',
    at: '2026-03-25T08:00:00.000Z',
    amendment: 1,
    date: '2024-01-01',
    provisionKinds: ['wage-protection', 'recruitment-fees'],
    sectors: [{ isco: '9111', label: 'Domestic' }],
  });
  add(RepatriationStageChanged, {
    caseId: k1,
    at: '2026-03-26T10:00:00.000Z',
    stage: 'abandoned',
    date: '2026-03-26',
  });
  add(RepatriationStageChanged, {
    caseId: k1,
    at: '2026-03-27T10:00:00.000Z',
    stage: 'planned',
    date: '2026-03-27',
  });
  add(RepatriationStageChanged, {
    caseId: k1,
    at: '2026-03-30T10:00:00.000Z',
    stage: 'arrived',
    date: '2026-03-29',
    safeAndDignified: true,
    ageBand: '35-44',
  });
  add(CaseClosed, {
    caseId: k1,
    at: '2026-03-31T10:00:00.000Z',
    outcome: 'worker-returned',
    complaintId: c1.complaintId,
  });
  add(ComplaintResolved, {
    complaintId: c1.complaintId,
    at: '2026-03-31T11:00:00.000Z',
    outcome: 'remedied',
  });
  add(ComplaintClosed, { complaintId: c1.complaintId, at: '2026-04-01T10:00:00.000Z' });
  add(AgencyRevoked, { agencyId: a, at: '2026-04-02T08:00:00.000Z', reason: 'trafficking' });
  return events;
}

t.test(
  'a history applied as one batch writes the same rows as event by event; redelivered, nothing',
  async (t) => {
    const { pool } = await databaseFixture(t, 'repbt');
    await migrate(pool);
    const generations = new PgGenerations(pool, reportingProjection as never);
    const one = (await generations.plan(reportingProjection.version)).live!;
    const whole = (await generations.beginBuild(reportingProjection.version)).generation!;
    const events = history();
    let checkpoint = 0;
    for (const event of events) {
      const entry = { position: event.position, timeMs: Date.now(), events: [event] };
      checkpoint = (await generations.apply(one, checkpoint, [entry])).checkpoint;
    }
    const entries = events.map((event) => ({
      position: event.position,
      timeMs: Date.now(),
      events: [event],
    }));
    t.match(await generations.apply(whole, 0, entries), { outcome: 'applied', checkpoint: events.length });
    const byEvent = await snapshot(pool, generations.schemaOf(one), REPORTING_TABLES);
    const byBatch = await snapshot(pool, generations.schemaOf(whole), REPORTING_TABLES);
    for (const table of REPORTING_TABLES) t.same(byBatch[table], byEvent[table], `${table}: the same rows`);
    t.equal(
      byBatch.shelter_stay?.length,
      2,
      'two stays: admissions and discharges count when they change the state',
    );
    t.equal(byBatch.complaint?.length, 2);
    t.equal(byBatch.complaint_status?.length, 8, 'the triage before its lodging wrote nothing');
    t.equal(byBatch.attache_case_action?.length, 6, 'the update before its case opened wrote nothing');

    t.match(await generations.apply(whole, events.length, entries), { outcome: 'duplicate' });
    t.same(
      await snapshot(pool, generations.schemaOf(whole), REPORTING_TABLES),
      byBatch,
      'redelivery changes nothing',
    );
  },
);
