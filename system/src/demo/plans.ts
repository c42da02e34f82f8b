/**
 * What the demo means to make of each item: the body it is created with and the steps it should go through,
 * decided by its own seeded generator (random.ts), so the plan of item i is the same on every run. The
 * loader (runDemo.ts) compares a plan with what the system holds and takes only the steps missing.
 *
 * Dates: the API stamps every event with its own clock, so all of them happen "today"; the dates a body may
 * carry (hearings, shelter stays, repatriation stages, consents) are spread over DATES_FROM..DATES_TO, a
 * fixed range (a body must be the same on every run) that is in the past on any day after it.
 */
import { createHash } from 'node:crypto';
import { VETTING_CHECK_NAMES } from '@kazi/agency-registry/domain';
import { addDays, minDay, padded, Random } from './random.ts';
import {
  AGENCY_FIRST_WORDS,
  AGENCY_KIND_WORDS,
  AGENCY_REGION_WORDS,
  AGENCY_TRADE_WORDS,
  ASSOCIATIONS,
  BANKS,
  CATEGORY_SENTENCES,
  CATEGORY_WEIGHTS,
  COUNTIES,
  DESTINATIONS,
  type Destination,
  EMPLOYER_NAMES,
  FEMALE_NAMES,
  HOUSEHOLD_EMPLOYERS,
  INDICATORS_OF,
  INSURERS,
  isMission,
  MALE_NAMES,
  MISSIONS,
  type Mission,
  OCCUPATIONS,
  STREETS,
  SURNAMES,
  UNKNOWN_AGENCY_NAMES,
} from './vocabulary.ts';

export const DATES_FROM = '2025-01-06';
export const DATES_TO = '2026-02-27';

export interface DemoSizes {
  agencies: number;
  complaints: number;
  /** Cases the attachés open themselves (those opened from referred complaints come on top). */
  cases: number;
  employers: number;
}

/**
 * The seed's mark on every identifier the demo chooses (registration numbers, KRA PINs, passports): three
 * letters and four digits, so data sets of two seeds never collide in one system.
 */
export function seedMark(seed: string): { letters: string; digits: string } {
  const hash = createHash('sha256').update(`kazi-demo:${seed}`).digest();
  const letters = [0, 1, 2].map((i) => String.fromCharCode(65 + ((hash[i] ?? 0) % 26))).join('');
  const digits = padded(hash.readUInt16LE(4) % 10_000, 4);
  return { letters, digits };
}

const pickWeighted = <K extends string>(r: Random, weights: Readonly<Record<K, number>>) =>
  r.weighted(weights);

// ——— Agencies ———

export type AgencyStep =
  | { kind: 'check'; check: string; outcome: 'pass' | 'fail'; nth: number; note: string }
  | { kind: 'approval' | 'reinstatement' | 'renewal' }
  | { kind: 'rejection' | 'revocation'; reason: string }
  | { kind: 'suspension'; reason: string; nth: number };

export type AgencyFate =
  | 'applied'
  | 'vetting'
  | 'rejected'
  | 'licensed'
  | 'renewed'
  | 'suspended'
  | 'reinstated'
  | 'revoked';

export interface AgencyPlan {
  index: number;
  fate: AgencyFate;
  /** Applied for after the others, by a director of an agency revoked in the first wave (flagged). */
  phoenixOf: number | null;
  body: Record<string, unknown>;
  steps: AgencyStep[];
  /** How many complaints name it, relatively: the risky ones more. */
  complaintWeight: number;
}

const SUSPENSION_REASONS = [
  'recruitment fees charged to job seekers (complaints confirmed by inspection)',
  'office closed at inspection; operating from a hotel',
  'security guarantee lapsed',
  'workers deployed without contract attestation',
];
const REVOCATION_REASONS = [
  'repeated fee charging after suspension',
  'trafficking investigation by the DCI; licence obtained with forged documents',
  'workers deployed to an unapproved country',
];

function director(r: Random, idNumber: string) {
  const female = r.chance(0.4);
  return {
    fullName: `${r.pick(female ? FEMALE_NAMES : MALE_NAMES)} ${r.pick(SURNAMES)} ${r.pick(SURNAMES)}`,
    nationalId: idNumber,
    nationality: 'KE',
  };
}

/** The agencies of a data set, in index order (a name taken earlier is varied, so names stay unique). */
export function agencyPlans(seed: string, count: number): AgencyPlan[] {
  const mark = seedMark(seed);
  const names = new Set<string>();
  const plans: AgencyPlan[] = [];
  for (let i = 0; i < count; i++) {
    const r = new Random(seed, 'agency', i);
    let name = '';
    for (let attempt = 0; name === '' || names.has(name); attempt++) {
      const words = [
        r.pick(AGENCY_FIRST_WORDS),
        ...(r.chance(0.55) ? [r.pick(AGENCY_REGION_WORDS)] : []),
        r.pick(AGENCY_TRADE_WORDS),
        ...(r.chance(0.8) ? [r.pick(AGENCY_KIND_WORDS)] : []),
      ];
      name =
        [...new Set(words)].join(' ') +
        (r.chance(0.7) ? ' Ltd' : ' Limited') +
        (attempt > 3 ? ` ${attempt}` : '');
    }
    names.add(name);
    const fate = pickWeighted<AgencyFate>(r, {
      applied: 5,
      vetting: 5,
      rejected: 4,
      licensed: 55,
      renewed: 11,
      suspended: 8,
      reinstated: 6,
      revoked: 6,
    });
    // One agency in 40 (after the first 20) is a revoked agency's director under a new name.
    const phoenixOf = i >= 20 && r.chance(1 / 40) ? i - 1 - r.int(0, 19) : null;
    const county = r.pick(COUNTIES);
    const slug = name
      .toLowerCase()
      .replace(/[^a-z]+/g, '')
      .slice(0, 24);
    const bank = r.chance(0.7);
    const directors = Array.from({ length: r.int(1, 3) }, (_, k) =>
      director(r, `2${mark.digits.slice(0, 1)}${padded(i * 3 + k, 6)}`),
    );
    const body = {
      name,
      registrationNumber: `PVT-${mark.letters}${mark.digits}${padded(i, 5)}`,
      kraPin: `P${mark.digits}${padded(i, 5)}${String.fromCharCode(65 + r.int(0, 25))}`,
      county,
      physicalAddress: `${r.pick(STREETS)}, ${r.pick(['Bazaar Plaza', 'Jubilee House', 'Kimathi House', 'Uchumi House', 'Eastleigh Mall', 'Nyali Centre', 'Mega Plaza'])}, floor ${r.int(1, 9)}, ${county}`,
      phone: `+2547${r.digits(8)}`,
      email: `info@${slug}.co.ke`,
      directors,
      guarantee: bank
        ? {
            kind: 'bank',
            issuer: r.pick(BANKS),
            reference: `BG-${r.digits(6)}`,
            amountKes: r.pick([1_500_000, 1_500_000, 2_000_000, 2_500_000]),
          }
        : {
            kind: 'insurance',
            issuer: r.pick(INSURERS),
            reference: `IG-${r.digits(6)}`,
            amountKes: 1_500_000,
          },
      ...(r.chance(0.75) ? { associationMembership: r.pick(ASSOCIATIONS) } : {}),
      codeOfConductSigned: r.chance(0.9),
    };
    const steps: AgencyStep[] = [];
    const checks = [...VETTING_CHECK_NAMES];
    const note = (check: string, outcome: string) =>
      outcome === 'pass'
        ? `${check.replaceAll('-', ' ')}: verified`
        : `${check.replaceAll('-', ' ')}: not satisfactory`;
    if (fate === 'vetting') {
      for (const check of checks.slice(0, r.int(1, checks.length - 1)))
        steps.push({ kind: 'check', check, outcome: 'pass', nth: 1, note: note(check, 'pass') });
    } else if (fate !== 'applied') {
      // Some applicants fail a check first and pass it when redone (only the latest outcome counts).
      const redone = r.chance(0.2) ? r.pick(checks) : null;
      for (const check of checks) {
        if (check === redone || (fate === 'rejected' && check === 'office-inspection')) {
          steps.push({ kind: 'check', check, outcome: 'fail', nth: 1, note: note(check, 'fail') });
          if (fate !== 'rejected')
            steps.push({ kind: 'check', check, outcome: 'pass', nth: 2, note: note(check, 'pass') });
        } else {
          steps.push({ kind: 'check', check, outcome: 'pass', nth: 1, note: note(check, 'pass') });
        }
      }
      if (fate === 'rejected')
        steps.push({
          kind: 'rejection',
          reason: 'the office inspection found no office at the address given',
        });
      else steps.push({ kind: 'approval' });
    }
    if (fate === 'renewed') steps.push({ kind: 'renewal' });
    if (fate === 'suspended' || fate === 'reinstated' || (fate === 'revoked' && r.chance(0.5)))
      steps.push({ kind: 'suspension', reason: r.pick(SUSPENSION_REASONS), nth: 1 });
    if (fate === 'reinstated') steps.push({ kind: 'reinstatement' });
    if (fate === 'revoked') steps.push({ kind: 'revocation', reason: r.pick(REVOCATION_REASONS) });
    const risky = { suspended: 6, revoked: 5, reinstated: 3, renewed: 1.5 } as Record<string, number>;
    const complaintWeight =
      fate === 'applied' || fate === 'vetting' || fate === 'rejected'
        ? 0
        : (risky[fate] ?? 1) * (0.3 + 4 * r.next() ** 3);
    plans.push({ index: i, fate, phoenixOf, body, steps, complaintWeight });
  }
  // A phoenix reuses a director of a revoked agency of the first wave; without one near, it is ordinary.
  for (const plan of plans) {
    if (plan.phoenixOf === null) continue;
    const revoked = plans.find(
      (p) =>
        p.index <= (plan.phoenixOf ?? 0) &&
        p.index >= (plan.phoenixOf ?? 0) - 40 &&
        p.fate === 'revoked' &&
        p.phoenixOf === null,
    );
    if (!revoked) {
      plan.phoenixOf = null;
      continue;
    }
    plan.phoenixOf = revoked.index;
    const reused = (revoked.body.directors as unknown[])[0];
    plan.body = { ...plan.body, directors: [reused, ...(plan.body.directors as unknown[]).slice(1)] };
  }
  return plans;
}

// ——— Employers ———

export interface EmployerPlan {
  index: number;
  country: Mission;
  body: { name: string; country: Mission; registrationNumber: string; contact: Record<string, string> };
  /** Vettings in order (a blacklisting follows a flag). */
  vettings: Array<{ outcome: 'cleared' | 'flagged' | 'blacklisted'; reason: string }>;
}

export function employerPlans(seed: string, count: number): EmployerPlan[] {
  const mark = seedMark(seed);
  const plans: EmployerPlan[] = [];
  for (let i = 0; i < count; i++) {
    const r = new Random(seed, 'employer', i);
    const country = pickWeighted(
      r,
      Object.fromEntries(MISSIONS.map((m) => [m, DESTINATIONS[m].weight])) as Record<Mission, number>,
    );
    const pool = DESTINATIONS[country].gulf ? EMPLOYER_NAMES.gulf : EMPLOYER_NAMES.europe;
    const base = pool[i % pool.length] as string;
    const round = Math.floor(i / pool.length);
    const name =
      round === 0 ? base : `${base} ${['Branch 2', 'Group', 'Co.', 'International', 'Holdings'][round % 5]}`;
    const fate = pickWeighted(r, { cleared: 55, flagged: 22, blacklisted: 13, unvetted: 10 });
    const vettings: EmployerPlan['vettings'] =
      fate === 'unvetted'
        ? []
        : fate === 'blacklisted'
          ? [
              { outcome: 'flagged', reason: 'several workers report unpaid wages' },
              {
                outcome: 'blacklisted',
                reason: 'wages still unpaid after the labour office ruling; passports withheld',
              },
            ]
          : [
              {
                outcome: fate,
                reason:
                  fate === 'cleared'
                    ? 'premises visited, contracts attested, wages paid by bank'
                    : 'complaints of withheld passports under review',
              },
            ];
    plans.push({
      index: i,
      country,
      body: {
        name,
        country,
        registrationNumber: `CR-${mark.letters}${padded(i, 5)}`,
        contact: {
          phone: `+9665${r.digits(8)}`,
          address: `${r.pick(DESTINATIONS[country].cities as readonly string[])}`,
        },
      },
      vettings,
    });
  }
  return plans;
}

// ——— Complaints ———

export type ComplaintStep =
  | { kind: 'note'; text: string }
  | { kind: 'triage'; body: Record<string, unknown> }
  | { kind: 'assignment'; assignee: string }
  | { kind: 'referral'; to: 'labour-attache' | 'counter-trafficking' | 'police'; note: string }
  | { kind: 'resolution'; body: Record<string, unknown> }
  | { kind: 'closure' }
  | { kind: 'withdrawal'; reason: string };

export interface ComplaintPlan {
  index: number;
  /** The complainant's passport number: how a run finds the complaint an earlier one lodged. */
  marker: string;
  country: Destination;
  body: Record<string, unknown>;
  steps: ComplaintStep[];
  /** Referred to the labour attaché of its country: the case opened there is followed up. */
  attacheCase: CasePlan | null;
}

const ASSIGNEES = [
  'Achieng Otieno',
  'Wafula Barasa',
  'Halima Abdi',
  'Peter Kiprotich',
  'Grace Mutua',
  'Omar Said',
];

function sentence(r: Random, category: string, language: 'en' | 'sw'): string {
  const text = r.pick(CATEGORY_SENTENCES[category]?.[language] ?? ['']);
  return text
    .replace('{n}', String(r.int(2, 9)))
    .replace('{fee}', r.pick(['85,000', '120,000', '150,000', '200,000', '250,000']));
}

/** The agency a complaint names: by weight, so a few agencies collect many complaints (the watchlist's top). */
function agencyPicker(agencies: AgencyPlan[]): (r: Random) => AgencyPlan | undefined {
  const cumulative: number[] = [];
  let total = 0;
  for (const a of agencies) {
    total += a.complaintWeight;
    cumulative.push(total);
  }
  return (r) => {
    // Drawn even when there is no agency to pick, so the item's next draws stay the same (Random.maybe).
    const x = r.next() * total;
    if (total === 0) return undefined;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] ?? 0) > x) hi = mid;
      else lo = mid + 1;
    }
    return agencies[lo];
  };
}

export function complaintPlans(
  seed: string,
  count: number,
  agencies: AgencyPlan[],
  employers: EmployerPlan[],
): ComplaintPlan[] {
  const mark = seedMark(seed);
  const pickAgency = agencyPicker(agencies);
  const plans: ComplaintPlan[] = [];
  for (let i = 0; i < count; i++) {
    const r = new Random(seed, 'complaint', i);
    const country = pickWeighted(
      r,
      Object.fromEntries(Object.entries(DESTINATIONS).map(([c, d]) => [c, d.weight])) as Record<
        Destination,
        number
      >,
    );
    const destination = DESTINATIONS[country];
    const region = destination.gulf ? 'gulf' : 'europe';
    const sex = r.chance(destination.gulf ? 0.78 : 0.5) ? 'female' : r.chance(0.97) ? 'male' : 'unspecified';
    const ageBand = pickWeighted(r, {
      'under-18': 0.6,
      '18-24': 26,
      '25-34': 44,
      '35-44': 21,
      '45-54': 7,
      '55-64': 1.4,
    });
    const language: 'en' | 'sw' = r.chance(0.35) ? 'sw' : 'en';
    const first = r.pick(sex === 'female' ? FEMALE_NAMES : MALE_NAMES);
    const marker = `A${mark.letters.slice(0, 2)}${padded(i, 6)}`;
    const categoryCount = pickWeighted(r, { '1': 50, '2': 35, '3': 15 });
    const categories: string[] = [];
    const weights = CATEGORY_WEIGHTS[region] as Record<string, number>;
    while (categories.length < Number(categoryCount)) {
      const c = pickWeighted(r, weights);
      if (!categories.includes(c)) categories.push(c);
    }
    const naming = pickWeighted(r, { byId: 55, byName: 8, unknown: 17, none: 20 });
    const agency = naming === 'byId' || naming === 'byName' ? pickAgency(r) : undefined;
    if (naming === 'unknown' && !categories.includes('unlicensed-recruiter') && r.chance(0.4))
      categories.push('unlicensed-recruiter');
    const localEmployers = employers.filter((e) => e.country === country);
    const registeredEmployer = r.maybe(0.35, localEmployers);
    const typedIn = r.chance(0.5);
    const typedName = r.pick(destination.gulf ? HOUSEHOLD_EMPLOYERS : EMPLOYER_NAMES.europe);
    const employerName = registeredEmployer?.body.name ?? (typedIn ? typedName : undefined);
    const narrative = categories.map((c) => sentence(r, c, language)).join(' ');
    const body = {
      complainant: {
        fullName: `${first} ${r.pick(SURNAMES)}`,
        phone: r.chance(0.6) ? `+2547${r.digits(8)}` : `+9665${r.digits(8)}`,
        sex,
        ...(r.chance(0.3)
          ? { dateOfBirth: `${r.int(1975, 2004)}-${padded(r.int(1, 12), 2)}-${padded(r.int(1, 28), 2)}` }
          : { ageBand }),
        passportNumber: marker,
      },
      location: { country, city: r.pick(destination.cities as readonly string[]) },
      ...(agency && naming === 'byId' ? { agencyId: `@agency:${agency.index}` } : {}),
      ...(agency && naming === 'byName'
        ? { agencyName: String(agency.body.name).replace(/ (Ltd|Limited)$/, '') }
        : {}),
      ...(naming === 'unknown' ? { agencyName: r.pick(UNKNOWN_AGENCY_NAMES) } : {}),
      ...(employerName ? { employer: { name: employerName, country } } : {}),
      categories,
      narrative: narrative || 'The caller asks for help.',
      language,
    };

    const steps: ComplaintStep[] = [];
    if (r.chance(0.25))
      steps.push({
        kind: 'note',
        text:
          language === 'sw'
            ? 'Mpigaji alipiga tena: hali bado ni ile ile.'
            : 'The caller called again: nothing has changed.',
      });
    const fate = pickWeighted(r, {
      lodged: 10,
      withdrawn: 3,
      triaged: 12,
      assigned: 10,
      referred: 20,
      resolved: 25,
      closed: 20,
    });
    const serious = categories.some((c) => ['sexual-abuse', 'confinement', 'physical-abuse'].includes(c));
    const trafficking = (serious && (ageBand === 'under-18' || r.chance(0.15))) || r.chance(0.015);
    let attacheCase: CasePlan | null = null;
    if (fate === 'withdrawn') {
      if (r.chance(0.5)) steps.push(triageStep(r, categories, trafficking));
      steps.push({
        kind: 'withdrawal',
        reason: 'the caller resolved it with the employer and asked to withdraw',
      });
    } else if (fate !== 'lodged') {
      steps.push(triageStep(r, categories, trafficking));
      if (fate !== 'triaged' && (fate === 'assigned' || r.chance(0.6)))
        steps.push({ kind: 'assignment', assignee: r.pick(ASSIGNEES) });
      const referred = fate === 'referred' || ((fate === 'resolved' || fate === 'closed') && r.chance(0.2));
      if (referred) {
        if (isMission(country)) {
          steps.push({
            kind: 'referral',
            to: 'labour-attache',
            note: 'Please contact the worker and the employer.',
          });
          attacheCase = referredCasePlan(
            seed,
            i,
            country,
            sex,
            categories,
            fate === 'referred' ? 'open' : 'closed',
          );
        } else steps.push({ kind: 'referral', to: 'police', note: 'Agent in Kenya to be investigated.' });
        if (trafficking)
          steps.push({
            kind: 'referral',
            to: 'counter-trafficking',
            note: 'Trafficking signs: for the National Referral Mechanism.',
          });
      }
      if (fate === 'resolved' || fate === 'closed')
        steps.push({ kind: 'resolution', body: resolution(r, categories, destination.currency) });
      if (fate === 'closed') steps.push({ kind: 'closure' });
    }
    plans.push({ index: i, marker, country, body, steps, attacheCase });
  }
  return plans;
}

function triageStep(r: Random, categories: string[], trafficking: boolean): ComplaintStep {
  const indicators = new Set(categories.flatMap((c) => INDICATORS_OF[c] ?? []));
  if (r.chance(0.2)) indicators.add('intimidation-and-threats');
  if (r.chance(0.15)) indicators.add('abuse-of-vulnerability');
  if (trafficking) indicators.add('deception');
  return {
    kind: 'triage',
    body: {
      indicators: [...indicators],
      ...(trafficking ? { traffickingSuspected: true } : {}),
      reason: trafficking
        ? 'signs of trafficking confirmed with the caller'
        : 'details confirmed with the caller',
    },
  };
}

function resolution(r: Random, categories: string[], currency: string): Record<string, unknown> {
  const outcome = pickWeighted(r, {
    'resolved-in-favour': 45,
    'partially-resolved': 20,
    'not-substantiated': 12,
    'outside-mandate': 5,
    'complainant-unreachable': 10,
  });
  if (outcome !== 'resolved-in-favour' && outcome !== 'partially-resolved') return { outcome };
  const kind = categories.includes('withheld-wages')
    ? 'wages-recovered'
    : categories.includes('document-confiscation')
      ? 'documents-returned'
      : categories.includes('stranded')
        ? 'repatriated'
        : r.pick(['compensation-paid', 'contract-honoured', 'other']);
  return {
    outcome,
    remedy:
      kind === 'wages-recovered' || kind === 'compensation-paid'
        ? { kind, amount: r.int(4, 60) * 250, currency }
        : { kind },
  };
}

// ——— Attaché cases ———

export type CaseStep =
  | { kind: 'worker'; updateId: string; worker: Record<string, unknown> }
  | { kind: 'update'; updateId: string; body: Record<string, unknown> }
  | { kind: 'repatriation'; updateId: string; body: Record<string, unknown> }
  | { kind: 'closure'; updateId: string; body: Record<string, unknown> };

export interface CasePlan {
  /** `referral-<complaint index>` or `case-<index>`: names its updateIds. */
  key: string;
  mission: Mission;
  /** Opened by the attaché (null: opened by the referral of complaint `complaintIndex`). */
  body: Record<string, unknown> | null;
  complaintIndex: number | null;
  marker: string | null;
  steps: CaseStep[];
}

function worker(r: Random, sex: string, marker: string, region: 'gulf' | 'europe', ageBand?: string) {
  return {
    fullName: `${r.pick(sex === 'male' ? MALE_NAMES : FEMALE_NAMES)} ${r.pick(SURNAMES)}`,
    sex,
    ageBand: ageBand ?? pickWeighted(r, { '18-24': 26, '25-34': 44, '35-44': 22, '45-54': 8 }),
    passportNumber: marker,
    phone: `+2547${r.digits(8)}`,
    occupation: pickWeighted(r, OCCUPATIONS[region] as Record<string, number>),
  };
}

/** The follow-up of a case of `type`: dated actions, a repatriation, a closure when `end` is closed. */
function followUp(
  r: Random,
  key: string,
  type: string,
  mission: Mission,
  end: 'open' | 'closed',
): CaseStep[] {
  const id = (what: string) => `demo-${key}-${what}`;
  const steps: CaseStep[] = [];
  let day = r.day(DATES_FROM, addDays(DATES_TO, -60));
  const later = (min: number, max: number) => {
    day = minDay(addDays(day, r.int(min, max)), DATES_TO);
    return day;
  };
  const update = (what: string, body: Record<string, unknown>) =>
    steps.push({ kind: 'update', updateId: id(what), body });
  const stage = (stage: string, extra: Record<string, unknown> = {}) =>
    steps.push({ kind: 'repatriation', updateId: id(stage), body: { stage, date: later(1, 12), ...extra } });
  let repatriated = false;
  let abandoned = false;
  const repatriate = () => {
    stage('planned');
    stage('documents-ready');
    if (r.chance(0.08)) {
      stage('abandoned', { reason: 'the employer filed an absconding case; exit permit refused' });
      abandoned = true;
      return;
    }
    stage('departed');
    stage('arrived', { safeAndDignified: r.chance(0.86) });
    repatriated = true;
  };
  const inProgress = end === 'open' && r.chance(0.5);
  switch (type) {
    case 'labour-dispute':
    case 'legal-assistance':
      update('contacted', {
        action: 'employer-contacted',
        date: later(0, 5),
        note: 'Called the employer; meeting agreed.',
      });
      if (r.chance(0.6))
        update('hearing-1', {
          action: 'hearing',
          forum: 'labour-office',
          outcome: r.pick(['adjourned', 'settled', 'referred-to-court']),
          date: later(7, 30),
        });
      if (r.chance(0.3))
        update('hearing-2', {
          action: 'hearing',
          forum: 'labour-court',
          outcome: r.pick(['decided-for-worker', 'decided-for-employer', 'adjourned']),
          date: later(14, 60),
        });
      if (type === 'legal-assistance' || r.chance(0.15))
        update('lawyer', { action: 'lawyer-referral', date: later(1, 10) });
      if (r.chance(0.45))
        update('wages', {
          action: 'wages-recovered',
          amount: r.int(6, 80) * 250,
          currency: DESTINATIONS[mission].currency,
          date: later(5, 40),
        });
      break;
    case 'rescue-shelter':
      update('admitted', {
        action: 'shelter-admission',
        date: later(0, 3),
        note: 'Admitted to the mission shelter.',
      });
      if (inProgress) break;
      update('discharged', { action: 'shelter-discharge', date: later(3, 40) });
      if (r.chance(0.6)) repatriate();
      break;
    case 'repatriation':
      if (inProgress) {
        stage('planned');
        if (r.chance(0.5)) stage('documents-ready');
        break;
      }
      repatriate();
      break;
    case 'death-case':
      update('remains', {
        action: 'remains-disposition',
        disposition: 'repatriation-of-remains',
        familyConsent: { date: later(1, 7), relation: r.pick(['spouse', 'parent', 'sibling']) },
      });
      if (!inProgress) repatriate();
      break;
    case 'welfare-check':
      update('visit', {
        action: 'note',
        note: 'Visited the worker at the employer’s house; she is well and paid.',
      });
      break;
    case 'employer-vetting':
      update('contacted', {
        action: 'employer-contacted',
        date: later(0, 10),
        note: 'Premises visited with the labour office.',
      });
      break;
  }
  if (end === 'closed' && !inProgress) {
    const outcome =
      type === 'death-case'
        ? 'deceased'
        : repatriated
          ? 'worker-returned'
          : abandoned
            ? 'worker-unreachable'
            : r.pick(['resolved', 'resolved', 'partially-resolved', 'referred-to-court']);
    steps.push({ kind: 'closure', updateId: id('closed'), body: { outcome } });
  }
  return steps;
}

function referredCasePlan(
  seed: string,
  complaintIndex: number,
  mission: Mission,
  sex: string,
  categories: string[],
  end: 'open' | 'closed',
): CasePlan {
  const r = new Random(seed, 'referred-case', complaintIndex);
  const key = `${seedMark(seed).letters}-referral-${complaintIndex}`;
  // The case's type follows the complaint's categories (attache-cases' caseTypeOfReferral).
  const type = categories.includes('death')
    ? 'death-case'
    : categories.includes('stranded')
      ? 'repatriation'
      : categories.some((c) => ['confinement', 'physical-abuse', 'sexual-abuse'].includes(c))
        ? 'rescue-shelter'
        : 'labour-dispute';
  const region = DESTINATIONS[mission].gulf ? 'gulf' : 'europe';
  const marker = `A${seedMark(seed).letters.slice(0, 2)}${padded(complaintIndex, 6)}`;
  return {
    key,
    mission,
    body: null,
    complaintIndex,
    marker: null,
    steps: [
      { kind: 'worker', updateId: `demo-${key}-worker`, worker: worker(r, sex, marker, region) },
      ...followUp(r, key, type, mission, r.chance(end === 'closed' ? 0.9 : 0.3) ? 'closed' : 'open'),
    ],
  };
}

export function casePlans(seed: string, count: number, employers: EmployerPlan[]): CasePlan[] {
  const mark = seedMark(seed);
  const plans: CasePlan[] = [];
  for (let i = 0; i < count; i++) {
    const r = new Random(seed, 'case', i);
    const mission = pickWeighted(
      r,
      Object.fromEntries(MISSIONS.map((m) => [m, DESTINATIONS[m].weight])) as Record<Mission, number>,
    );
    const region = DESTINATIONS[mission].gulf ? 'gulf' : 'europe';
    const type = pickWeighted(r, {
      'welfare-check': 20,
      'labour-dispute': 25,
      'legal-assistance': 8,
      'rescue-shelter': 12,
      repatriation: 22,
      'death-case': 3,
      'employer-vetting': 10,
    });
    const marker = `B${mark.letters.slice(0, 2)}${padded(i, 6)}`;
    const sex = r.chance(region === 'gulf' ? 0.75 : 0.5) ? 'female' : 'male';
    const local = employers.filter((e) => e.country === mission);
    const registered = r.maybe(type === 'employer-vetting' ? 1 : 0.45, local);
    const typedIn = r.chance(0.6);
    const typedName = r.pick(region === 'gulf' ? HOUSEHOLD_EMPLOYERS : EMPLOYER_NAMES.europe);
    const key = `${mark.letters}-case-${i}`;
    plans.push({
      key,
      mission,
      complaintIndex: null,
      marker,
      body: {
        type,
        country: mission,
        worker: worker(r, sex, marker, region),
        ...(registered
          ? { employerId: `@employer:${registered.index}` }
          : typedIn
            ? { employer: { name: typedName, country: mission } }
            : {}),
        summary:
          type === 'welfare-check'
            ? 'Routine welfare visit requested by the family.'
            : type === 'employer-vetting'
              ? 'Employer applied to recruit Kenyan workers; vetting visit.'
              : 'Walked into the mission asking for help.',
      },
      steps: followUp(r, key, type, mission, r.chance(0.55) ? 'closed' : 'open'),
    });
  }
  return plans;
}
