/**
 * Integration events for the oversight benchmark, as the four services' relays publish them, generated in
 * the log's order: agencies with licence histories (some suspended, revoked, expired), complaints against
 * them across the Gulf and Europe with triage, referral, resolution and closure, attaché cases (some
 * opened from referred complaints) with actions, shelter stays and repatriations, employers vetted, and a
 * few BLMAs. Dimensions spread as the real ones do (sex, age band, country, ISCO-08 occupation, quarters
 * over several years). Deterministic (a seeded generator): two runs publish the same history.
 *
 * Records start in time order; each one's later events wait in a heap until the clock passes them, so
 * the stream interleaves thousands of records at once while only the records in flight stay in memory.
 */
import { randomUUID } from 'node:crypto';
import {
  AgencyApplicationRecorded,
  AgencyApplicationRejected,
  AgencyLicenceExpired,
  AgencyLicenceRenewed,
  AgencyLicensed,
  AgencyReinstated,
  AgencyRevoked,
  AgencySuspended,
  AgreementAmended,
  AgreementInForce,
  AgreementRecorded,
  AgreementSigned,
  CaseClosed,
  CaseOpened,
  CaseUpdated,
  CommitteeMeetingHeld,
  ComplaintClosed,
  ComplaintLodged,
  ComplaintReferred,
  ComplaintResolved,
  ComplaintResponseOverdue,
  ComplaintTriaged,
  ComplaintWithdrawn,
  EmployerVetted,
  type IntegrationEventData,
  type IntegrationEventDefinition,
  RepatriationStageChanged,
} from '@kazi/contracts';
import { encodeEnvelope } from '@kazi/messaging';
import type { MsgHdrs } from '@nats-io/transport-node';

const DAY = 86_400_000;
/** The history spans these years: 23 quarters of complaints and cases. */
const START = Date.parse('2021-01-04T06:00:00Z');
const END = Date.parse('2026-09-30T18:00:00Z');

/** Mulberry32: small, fast, good enough for spreads. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks by weight. */
function weighted<T>(random: () => number, choices: readonly (readonly [T, number])[]): T {
  const total = choices.reduce((sum, [, w]) => sum + w, 0);
  let x = random() * total;
  for (const [value, w] of choices) {
    x -= w;
    if (x <= 0) return value;
  }
  return choices[choices.length - 1]![0];
}

/** Where Kenyan workers are: the Gulf most, then Europe and the rest (roughly the labour-migration figures). */
const COUNTRIES = [
  ['SA', 38],
  ['AE', 14],
  ['QA', 12],
  ['OM', 6],
  ['KW', 5],
  ['BH', 3],
  ['LB', 2],
  ['JO', 2],
  ['DE', 5],
  ['GB', 5],
  ['AT', 1],
  ['PL', 2],
  ['IE', 1],
  ['US', 2],
  ['CA', 2],
] as const;
const SEX = [
  ['female', 64],
  ['male', 34],
  ['unspecified', 2],
] as const;
const AGE = [
  ['under-18', 1],
  ['18-24', 22],
  ['25-34', 45],
  ['35-44', 22],
  ['45-54', 8],
  ['55-64', 1.5],
  ['65-plus', 0.5],
] as const;
/** ISCO-08 codes: domestic workers, drivers, security, care, hospitality, construction, nurses, … */
const OCCUPATIONS = [
  ['9111', 45],
  ['8322', 10],
  ['5414', 8],
  ['5322', 7],
  ['5131', 6],
  ['7112', 5],
  ['3221', 5],
  ['2221', 3],
  ['9313', 5],
  ['4226', 3],
  ['6121', 3],
] as const;
const CATEGORIES = [
  ['withheld-wages', 30],
  ['document-confiscation', 18],
  ['excessive-hours', 14],
  ['recruitment-fees', 10],
  ['abuse', 10],
  ['contract-substitution', 8],
  ['trafficking', 4],
  ['other', 6],
] as const;
const INDICATORS = [
  'withholding-of-wages',
  'retention-of-identity-documents',
  'excessive-overtime',
  'debt-bondage',
  'physical-and-sexual-violence',
  'deception',
] as const;
const COUNTIES = ['Nairobi', 'Mombasa', 'Kisumu', 'Nakuru', 'Kiambu', 'Machakos', 'Uasin Gishu'];

export interface OversightEvent {
  definition: IntegrationEventDefinition;
  data: Record<string, unknown>;
}

interface Pending {
  at: number;
  seq: number;
  make: (at: string) => OversightEvent[];
}

/** A min-heap of later events by time (and insertion order among equal times). */
class Heap {
  private readonly items: Pending[] = [];
  get size(): number {
    return this.items.length;
  }
  peek(): Pending | undefined {
    return this.items[0];
  }
  push(item: Pending): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(a[i]!, a[p]!)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }
  pop(): Pending | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && before(a[l]!, a[m]!)) m = l;
        if (r < a.length && before(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}
const before = (x: Pending, y: Pending) => x.at < y.at || (x.at === y.at && x.seq < y.seq);

const iso = (ms: number) => new Date(ms).toISOString();
const day = (ms: number) => iso(ms).slice(0, 10);

export interface OversightHistory {
  agencies: number;
  /** Events to generate in all (about: a record's events are never cut off halfway). */
  events: number;
  seed?: number;
}

/**
 * The history as a generator of events in the log's order. About 2 % agency events, 60 % complaint
 * events, 38 % case events, and a handful of BLMA events (handled one by one by the projection).
 */
export function* oversightHistory(history: OversightHistory): Generator<OversightEvent> {
  const random = rng(history.seed ?? 13);
  const pick = <T>(choices: readonly (readonly [T, number])[]) => weighted(random, choices);
  const heap = new Heap();
  let seq = 0;
  const later = (at: number, make: Pending['make']) => heap.push({ at, seq: seq++, make });
  const agencies: { id: string; licensedAt: number }[] = [];
  // Measured spreads: complaints with their referred cases and the other cases fill the budget; the
  // history stops at `events` exactly (the last records' later events are still to come, as in life).
  const complaints = Math.max(1, Math.round(history.events * 0.142));
  const cases = Math.max(1, Math.round(history.events * 0.068));
  const employers = Math.max(10, Math.round(cases / 20));
  const starts: { at: number; kind: 'agency' | 'complaint' | 'case' | 'blma' }[] = [];
  // Agencies apply over the first half of the span (most before the complaints against them).
  for (let i = 0; i < history.agencies; i++)
    starts.push({ at: START - 400 * DAY + ((i + random()) / history.agencies) * 1200 * DAY, kind: 'agency' });
  for (let i = 0; i < complaints; i++)
    starts.push({ at: START + ((i + random()) / complaints) * (END - START - 120 * DAY), kind: 'complaint' });
  for (let i = 0; i < cases; i++)
    starts.push({ at: START + ((i + random()) / cases) * (END - START - 120 * DAY), kind: 'case' });
  for (let i = 0; i < 6; i++) starts.push({ at: START + i * 200 * DAY, kind: 'blma' });
  starts.sort((a, b) => a.at - b.at);

  const licensedAgency = (at: number) => {
    for (let tries = 0; tries < 4 && agencies.length > 0; tries++) {
      const agency = agencies[Math.floor(random() ** 1.6 * agencies.length)]!;
      if (agency.licensedAt < at) return agency.id;
    }
    return undefined;
  };
  const worker = () => ({ sex: pick(SEX), ageBand: pick(AGE), country: pick(COUNTRIES) });

  const openCase = (
    at: number,
    w: { sex: string; ageBand: string; country: string },
    complaintId?: string,
  ): OversightEvent[] => {
    const caseId = randomUUID();
    const caseType = complaintId
      ? pick([
          ['labour-dispute', 5],
          ['rescue-shelter', 2],
          ['repatriation', 2],
        ] as const)
      : pick([
          ['labour-dispute', 30],
          ['legal-assistance', 10],
          ['welfare-check', 20],
          ['rescue-shelter', 12],
          ['repatriation', 20],
          ['death-case', 2],
          ['employer-vetting', 6],
        ] as const);
    const employerId = `employer-${w.country}-${Math.floor(random() * employers)}`;
    const opened: OversightEvent = {
      definition: CaseOpened,
      data: {
        caseId,
        at: iso(at),
        caseType,
        country: w.country,
        ...(complaintId ? { complaintId } : {}),
        sex: w.sex,
        ...(random() < 0.92 ? { ageBand: w.ageBand } : {}),
        ...(random() < 0.85 ? { occupation: pick(OCCUPATIONS) } : {}),
        ...(random() < 0.7 ? { employerId } : {}),
      },
    };
    let t = at;
    const step = (days: number) => (t += (0.2 + random()) * days * DAY);
    const updates = 1 + Math.floor(random() * 3);
    for (let u = 0; u < updates; u++) {
      const action = pick([
        ['note', 10],
        ['employer-contacted', 6],
        ['hearing', 3],
        ['wages-recovered', 2],
        ['lawyer-referral', 1],
      ] as const);
      later(step(10), (a) => [{ definition: CaseUpdated, data: { caseId, at: a, action } }]);
    }
    if (caseType === 'rescue-shelter' || random() < 0.05) {
      later(step(3), (a) => [
        { definition: CaseUpdated, data: { caseId, at: a, action: 'shelter-admission' } },
      ]);
      later(step(20), (a) => [
        { definition: CaseUpdated, data: { caseId, at: a, action: 'shelter-discharge' } },
      ]);
    }
    if (caseType === 'employer-vetting' || random() < 0.03) {
      const outcome = pick([
        ['cleared', 5],
        ['flagged', 3],
        ['blacklisted', 1],
      ] as const);
      later(step(5), (a) => [
        {
          definition: EmployerVetted,
          data: { employerId, at: a, name: `Employer ${employerId}`, country: w.country, outcome },
        },
      ]);
    }
    let outcome: string = pick([
      ['resolved', 6],
      ['partially-resolved', 2],
      ['referred-to-court', 1],
      ['worker-unreachable', 1],
    ] as const);
    if (caseType === 'repatriation' || caseType === 'death-case' || random() < 0.1) {
      const remains = caseType === 'death-case';
      const stages = ['planned', 'documents-ready', 'departed', 'arrived'] as const;
      for (const stage of stages) {
        const at2 = step(6);
        later(at2, (a) => [
          {
            definition: RepatriationStageChanged,
            data: {
              caseId,
              at: a,
              stage,
              date: day(at2 - random() * 2 * DAY),
              ...(stage === 'arrived'
                ? { safeAndDignified: random() < 0.85, sex: w.sex, ageBand: w.ageBand }
                : {}),
              ...(remains ? { remains: true } : {}),
            },
          },
        ]);
      }
      outcome = remains ? 'deceased' : 'worker-returned';
    }
    // A few cases stay open at the end of the history.
    if (random() < 0.93) {
      const closing = outcome;
      later(step(20), (a) => [
        {
          definition: CaseClosed,
          data: { caseId, at: a, outcome: closing, ...(complaintId ? { complaintId } : {}) },
        },
      ]);
    }
    return [opened];
  };

  const lodge = (at: number): OversightEvent[] => {
    const complaintId = randomUUID();
    const w = worker();
    const agencyId = licensedAgency(at);
    const categories = [pick(CATEGORIES)];
    if (random() < 0.3) categories.push(pick(CATEGORIES));
    const unique = [...new Set(categories)];
    const indicators = random() < 0.4 ? [INDICATORS[Math.floor(random() * INDICATORS.length)]!] : [];
    const severity = pick([
      ['critical', 8],
      ['high', 30],
      ['normal', 62],
    ] as const);
    const respondBy = at + (severity === 'critical' ? 1 : 7) * DAY;
    const lodged: OversightEvent = {
      definition: ComplaintLodged,
      data: {
        complaintId,
        at: iso(at),
        reference: `NEA-${iso(at).slice(0, 4)}-${String(seq % 1_000_000).padStart(6, '0')}`,
        channel: random() < 0.7 ? 'hotline' : 'nea-officer',
        sex: w.sex,
        ageBand: w.ageBand,
        country: w.country,
        ...(agencyId ? { agencyId } : random() < 0.5 ? { agencyName: 'an agency in town' } : {}),
        ...(random() < 0.6 ? { employerCountry: w.country } : {}),
        categories: unique,
        indicators,
        severity,
        respondBy: iso(respondBy),
      },
    };
    let t = at;
    const step = (days: number) => (t += (0.2 + random()) * days * DAY);
    if (random() < 0.1)
      later(respondBy + 3_600_000, (a) => [
        {
          definition: ComplaintResponseOverdue,
          data: { complaintId, at: a, respondBy: iso(respondBy), severity },
        },
      ]);
    if (random() < 0.03) {
      later(step(5), (a) => [{ definition: ComplaintWithdrawn, data: { complaintId, at: a } }]);
      return [lodged];
    }
    const trafficking = random() < 0.04;
    later(step(3), (a) => [
      {
        definition: ComplaintTriaged,
        data: {
          complaintId,
          at: a,
          categories: unique,
          indicators: trafficking ? [...indicators, 'deception'] : indicators,
          traffickingSuspected: trafficking,
          severity: trafficking ? 'critical' : severity,
        },
      },
    ]);
    if (random() < 0.3) {
      const to = trafficking ? 'counter-trafficking' : random() < 0.9 ? 'labour-attache' : 'police';
      const referredAt = step(5);
      later(referredAt, (a) => [
        {
          definition: ComplaintReferred,
          data: {
            complaintId,
            at: a,
            reference: 'NEA-REF',
            to,
            country: w.country,
            categories: unique,
            severity,
          },
        },
      ]);
      // The attaché opens a case from the referral: its complaint is on the log before it.
      if (to === 'labour-attache') later(step(2), (a) => openCase(Date.parse(a), w, complaintId));
    }
    if (random() < 0.65) {
      later(step(30), (a) => [
        {
          definition: ComplaintResolved,
          data: {
            complaintId,
            at: a,
            outcome: pick([
              ['remedied', 5],
              ['no-remedy', 2],
              ['mediated', 3],
            ] as const),
            ...(random() < 0.4 ? { remedy: { kind: 'wages-recovered', amount: 1200, currency: 'SAR' } } : {}),
          },
        },
      ]);
      if (random() < 0.7)
        later(step(15), (a) => [{ definition: ComplaintClosed, data: { complaintId, at: a } }]);
    }
    return [lodged];
  };

  const agency = (at: number): OversightEvent[] => {
    const agencyId = randomUUID();
    const n = agencies.length + 1;
    const name = `Bench Oversight Agency ${n} Ltd`;
    const registrationNumber = `PVT-OVS-${n}`;
    const recorded: OversightEvent = {
      definition: AgencyApplicationRecorded,
      data: {
        agencyId,
        at: iso(at),
        name,
        registrationNumber,
        county: COUNTIES[n % COUNTIES.length],
      },
    };
    let t = at + (10 + random() * 50) * DAY;
    if (random() < 0.06) {
      later(t, (a) => [
        { definition: AgencyApplicationRejected, data: { agencyId, at: a, reason: 'incomplete' } },
      ]);
      return [recorded];
    }
    agencies.push({ id: agencyId, licensedAt: t });
    const licensedAt = t;
    later(licensedAt, (a) => [
      {
        definition: AgencyLicensed,
        data: {
          agencyId,
          at: a,
          name,
          registrationNumber,
          licenceNumber: `RA/${n}`,
          validFrom: day(licensedAt),
          validUntil: day(licensedAt + 365 * DAY),
        },
      },
    ]);
    let until = licensedAt + 365 * DAY;
    while (until < END && random() < 0.85) {
      const renewedUntil = until + 365 * DAY;
      later(until - 20 * DAY, (a) => [
        {
          definition: AgencyLicenceRenewed,
          data: { agencyId, at: a, licenceNumber: `RA/${n}`, validUntil: day(renewedUntil) },
        },
      ]);
      t = until - 20 * DAY;
      until = renewedUntil;
    }
    const fate = random();
    const when = licensedAt + random() * (Math.min(until, END) - licensedAt);
    if (fate < 0.1) {
      later(when, (a) => [{ definition: AgencySuspended, data: { agencyId, at: a, reason: 'complaints' } }]);
      const after = random();
      if (after < 0.5)
        later(when + 60 * DAY, (a) => [{ definition: AgencyReinstated, data: { agencyId, at: a } }]);
      else if (after < 0.75)
        later(when + 90 * DAY, (a) => [
          { definition: AgencyRevoked, data: { agencyId, at: a, reason: 'trafficking' } },
        ]);
    } else if (fate < 0.13) {
      later(when, (a) => [{ definition: AgencyRevoked, data: { agencyId, at: a, reason: 'fraud' } }]);
    } else if (until < END) {
      later(until, (a) => [
        {
          definition: AgencyLicenceExpired,
          data: { agencyId, at: a, licenceNumber: `RA/${n}`, validUntil: day(until) },
        },
      ]);
    }
    return [recorded];
  };

  let blmas = 0;
  const blma = (at: number): OversightEvent[] => {
    const partner = (['SA', 'QA', 'AE', 'GB', 'DE', 'AT'] as const)[blmas++ % 6]!;
    const agreementId = randomUUID();
    const base = { agreementId, partnerCountry: partner };
    const provisionKinds = [
      'wage-protection',
      'passport-retention-prohibited',
      'maximum-hours',
      'joint-committee',
    ];
    const sectors = [{ isco: '9111', label: 'Domestic cleaners and helpers' }];
    later(at + 30 * DAY, (a) => [
      { definition: AgreementSigned, data: { ...base, at: a, date: day(at + 30 * DAY) } },
    ]);
    later(at + 90 * DAY, (a) => [
      {
        definition: AgreementInForce,
        data: {
          ...base,
          at: a,
          date: day(at + 90 * DAY),
          reviewDue: day(at + 800 * DAY),
          provisionKinds,
          sectors,
        },
      },
    ]);
    later(at + 500 * DAY, (a) => [
      {
        definition: AgreementAmended,
        data: {
          ...base,
          at: a,
          amendment: 1,
          date: day(at + 500 * DAY),
          provisionKinds: [...provisionKinds, 'recruitment-fees'],
          sectors,
        },
      },
    ]);
    later(at + 400 * DAY, (a) => [
      {
        definition: CommitteeMeetingHeld,
        data: {
          ...base,
          meetingId: randomUUID(),
          at: a,
          date: day(at + 400 * DAY),
          institutions: [
            { institution: 'NEA', country: 'KE' },
            { institution: 'Ministry of Labour', country: partner },
          ],
          actions: [{ actionId: randomUUID(), owner: 'NEA', due: day(at + 460 * DAY) }],
        },
      },
    ]);
    return [
      {
        definition: AgreementRecorded,
        data: {
          ...base,
          at: iso(at),
          title: `Agreement with ${partner}`,
          kind: 'bilateral-labour-agreement',
          sectors,
          provisionKinds,
        },
      },
    ];
  };

  const flushUntil = function* (at: number): Generator<OversightEvent> {
    for (let next = heap.peek(); next && next.at <= at; next = heap.peek()) {
      heap.pop();
      yield* next.make(iso(next.at));
    }
  };
  const all = function* (): Generator<OversightEvent> {
    for (const start of starts) {
      yield* flushUntil(start.at);
      const make = { agency, complaint: lodge, case: (at: number) => openCase(at, worker()), blma }[
        start.kind
      ];
      yield* make(start.at);
    }
    yield* flushUntil(Number.POSITIVE_INFINITY);
  };
  let count = 0;
  for (const event of all()) {
    if (count++ >= history.events) return;
    yield event;
  }
}

/** An event as the publishing service's relay sends it: its envelope in headers, its data as the body. */
export function encodeOversightEvent(event: OversightEvent): { headers: MsgHdrs; data: Uint8Array } {
  const data = event.data as IntegrationEventData<typeof event.definition>;
  return encodeEnvelope({
    id: randomUUID(),
    source: `/kazi/${event.definition.context}`,
    type: event.definition.type,
    subject: String(
      event.data.agencyId ?? event.data.complaintId ?? event.data.caseId ?? event.data.agreementId ?? 'x',
    ),
    time: String(event.data.at),
    correlationId: randomUUID(),
    actor: 'bench-oversight',
    data,
  });
}
