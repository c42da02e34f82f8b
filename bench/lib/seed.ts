/**
 * Seeds realistic agencies and complaints fast: each record's events are made by the domain's own
 * decider (so every event has the shape the read models, the relay and later commands expect) and stored
 * as one commit straight to JetStream, as the event store would store it (version header, msg id,
 * expected subject sequence 0 as the link), many in flight at once. The system's projections and relay
 * then feed every read model from them as from any other commit.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import {
  type AgencyCommand,
  type AgencyEvent,
  type AgencyState,
  decideAgency,
  evolveAgency,
  initialAgencyState,
  VETTING_CHECK_NAMES,
} from '@kazi/agency-registry/domain';
import { recordedLicenceApplication } from '@kazi/agency-registry/testing';
import {
  type ComplaintCommand,
  type ComplaintEvent,
  type ComplaintState,
  decideComplaint,
  evolveComplaint,
  initialComplaintState,
} from '@kazi/complaints/domain';
import { encodeCommit, names, VERSION_HEADER } from '@kazi/eventsourcing';
import { headers, type NatsConnection } from '@nats-io/transport-node';
import { AsyncPublisher } from './asyncPublisher.ts';
import { defaultComplaintRules } from './complaintsDefaults.ts';

/** Words real agency names are made of; none contains another's letters as a word. */
const NAME_WORDS = [
  'Manpower',
  'International',
  'Recruitment',
  'Agency',
  'Global',
  'Overseas',
  'Employment',
  'Services',
  'Bureau',
  'Consultants',
  'Horizon',
  'Pioneer',
  'Jobs',
  'Careers',
  'Link',
  'Bridge',
  'Crown',
  'Eastern',
  'Coast',
  'Talent',
  'Workforce',
  'Travel',
  'Placement',
  'Human',
  'Resources',
  'Express',
  'Premier',
  'Trust',
];
const SYLLABLES = [
  'ka',
  'mau',
  'wa',
  'nji',
  'ku',
  'ote',
  'ro',
  'che',
  'lu',
  'mbi',
  'sa',
  'fa',
  'ri',
  'zu',
  'ndi',
  'ya',
];
const COUNTIES = ['Nairobi', 'Mombasa', 'Kisumu', 'Nakuru', 'Uasin Gishu', 'Kiambu', 'Machakos', 'Kakamega'];
const COUNTRIES = ['SA', 'QA', 'AE', 'OM', 'KW', 'BH', 'LB', 'JO'];
const CATEGORIES = [
  'withheld-wages',
  'document-confiscation',
  'excessive-hours',
  'poor-living-conditions',
  'confinement',
  'other',
] as const;

/**
 * A made-up but name-like first word, distinct per serial: the serial's digits in base 16, one syllable
 * each, at least three ("Kamauwa", "Njikuote"…).
 */
function coinedWord(serial: number): string {
  const syllables: string[] = [];
  for (let n = serial; syllables.length < 3 || n > 0; n = Math.floor(n / SYLLABLES.length))
    syllables.push(SYLLABLES[n % SYLLABLES.length]!);
  const word = syllables.join('');
  return word[0]!.toUpperCase() + word.slice(1);
}

/** An agency name: a coined word and three common ones, with `word` among them when `shares` is set. */
export function agencyName(serial: number, word: string, shares: boolean): string {
  const pick = (k: number) => NAME_WORDS[(serial * 7 + k * 11) % NAME_WORDS.length]!;
  const words = [coinedWord(serial), ...(shares ? [word] : []), pick(1), pick(2)];
  return `${words.join(' ')} Ltd`;
}

export type AgencyStage = 'applied' | 'vetted' | 'licensed';

/** The version of a seeded 'vetted' agency: its application and the seven checks. */
export const VETTED_VERSION = 1 + VETTING_CHECK_NAMES.length;

const OFFICER = { sub: 'bench-seed-officer', name: 'Seed Officer' };
const DIRECTOR = { sub: 'bench-seed-director', name: 'Seed Director' };

/** The events of one agency up to `stage`, decided in order by the registry's decider. */
export function agencyEvents(
  id: string,
  serial: number,
  name: string,
  stage: AgencyStage,
  now: string,
): AgencyEvent[] {
  const digits = String(500_000_000 + serial).padStart(9, '0');
  const commands: AgencyCommand[] = [
    {
      type: 'RecordApplication',
      agencyId: id,
      // The registry's test application; seeded identifiers have prefixes of their own (SEED-, S…Z), apart
      // from those the benchmark's requests send, and a director of their own.
      application: recordedLicenceApplication(
        {
          name,
          registrationNumber: `SEED-${serial.toString(36).toUpperCase()}`,
          kraPin: `S${digits}Z`,
          county: COUNTIES[serial % COUNTIES.length]!,
          directors: [
            {
              subject: `director:seed${serial}`,
              fingerprints: [`seed${serial}`],
              nationality: 'KE',
              sealed: randomBytes(24).toString('base64url'),
            },
          ],
        },
        digits,
      ),
      revokedDirectorMatches: [],
      minGuaranteeKes: 1_500_000,
      actor: OFFICER,
      now,
    },
  ];
  if (stage !== 'applied')
    for (const check of VETTING_CHECK_NAMES)
      commands.push({ type: 'RecordVettingCheck', check, outcome: 'pass', actor: OFFICER, now });
  if (stage === 'licensed')
    commands.push({
      type: 'ApproveLicence',
      licenceNumber: `NEA/PRA/2025/${String(serial).padStart(6, '0')}`,
      actor: DIRECTOR,
      now,
      rules: { requiredChecks: [...VETTING_CHECK_NAMES], validityMonths: 12 },
    });
  let state: AgencyState = initialAgencyState();
  const events: AgencyEvent[] = [];
  for (const command of commands) {
    for (const event of decideAgency(command, state)) {
      events.push(event);
      state = evolveAgency(state, event);
    }
  }
  return events;
}

/** One commit of a new aggregate stream, as the event store stores it. */
function publishNew(
  publisher: AsyncPublisher,
  namespace: string,
  context: string,
  streamName: string,
  events: { type: string; data: unknown }[],
  now: string,
) {
  const commandId = randomUUID();
  const h = headers();
  h.set(VERSION_HEADER, String(events.length));
  h.set('Nats-Msg-Id', `${streamName}:${commandId}`);
  h.set('Nats-Expected-Last-Subject-Sequence', '0');
  publisher.publish(
    names.aggregateSubject(namespace, context, streamName),
    encodeCommit({
      events: events.map((e) => ({ id: randomUUID(), ...e })),
      metadata: { commandId, actor: 'bench-seed', correlationId: commandId, time: now },
    }),
    h,
  );
}

export interface AgencySeed {
  /** Serials `from` … `from + count - 1`: names and identifiers are unique per serial. */
  from: number;
  count: number;
  stageOf: (serial: number) => AgencyStage;
  /** Whether the name of this serial has the common word. */
  sharesWord: (serial: number) => boolean;
  word: string;
}

/** Stores the agencies; their ids and the stream sequence of the last commit. */
export async function seedAgencies(nc: NatsConnection, namespace: string, seed: AgencySeed) {
  const publisher = new AsyncPublisher(nc);
  const now = new Date().toISOString();
  const ids: string[] = [];
  for (let serial = seed.from; serial < seed.from + seed.count; serial++) {
    const id = randomUUID();
    ids.push(id);
    const name = agencyName(serial, seed.word, seed.sharesWord(serial));
    publishNew(
      publisher,
      namespace,
      'agency-registry',
      `agency.${id}`,
      agencyEvents(id, serial, name, seed.stageOf(serial), now),
      now,
    );
    if (publisher.inFlight >= publisher.maxInFlight) await publisher.drained(publisher.maxInFlight / 2);
  }
  const { lastSeq, seconds } = await publisher.finish();
  return { ids, lastSeq, seconds };
}

/** The complaint states seeded, one in ten each: most of a mature queue is closed. */
const COMPLAINT_PATH: ('lodged' | 'triaged' | 'resolved' | 'closed')[] = [
  'closed',
  'closed',
  'closed',
  'closed',
  'closed',
  'resolved',
  'triaged',
  'triaged',
  'lodged',
  'lodged',
];

export function complaintEvents(
  id: string,
  serial: number,
  agencyId: string | undefined,
  pinHash: string,
  now: string,
  rules: ReturnType<typeof defaultComplaintRules>,
) {
  const actor = OFFICER;
  const target = COMPLAINT_PATH[serial % COMPLAINT_PATH.length]!;
  const commands: ComplaintCommand[] = [
    {
      type: 'LodgeComplaint',
      complaintId: id,
      reference: `NEA-2025-${String(serial % 1_000_000).padStart(6, '0')}`,
      channel: 'hotline',
      input: {
        complainant: { sex: serial % 2 === 0 ? 'female' : 'male', ageBand: '25-34' },
        // No city: it is personal data, sealed by the service; the queue does not show it.
        location: { country: COUNTRIES[serial % COUNTRIES.length]! },
        categories: [CATEGORIES[serial % CATEGORIES.length]!],
        language: serial % 3 === 0 ? 'en' : 'sw',
        ...(agencyId ? { agencyId } : {}),
      } as never,
      subjectId: `complainant:${id}`,
      sealed: randomBytes(48).toString('base64url'),
      trackingPinHash: pinHash,
      agency: agencyId ? { known: true, status: 'licensed', name: 'Seeded agency' } : undefined,
      candidates: [],
      rules,
      actor,
      now,
    },
  ];
  if (target !== 'lodged') commands.push({ type: 'TriageComplaint', rules, actor, now });
  if (target === 'resolved' || target === 'closed')
    commands.push({ type: 'ResolveComplaint', outcome: 'resolved-in-favour', actor, now });
  if (target === 'closed') commands.push({ type: 'CloseComplaint', actor, now });
  let state: ComplaintState = initialComplaintState();
  const events: ComplaintEvent[] = [];
  for (const command of commands) {
    for (const event of decideComplaint(command, state)) {
      events.push(event);
      state = evolveComplaint(state, event);
    }
  }
  return events;
}

/** Stores complaints (a third of them naming one of `agencyIds`); the stream sequence of the last. */
export async function seedComplaints(
  nc: NatsConnection,
  namespace: string,
  seed: { from: number; count: number; agencyIds: string[]; pinHash: string },
) {
  const publisher = new AsyncPublisher(nc);
  const now = new Date().toISOString();
  const rules = defaultComplaintRules();
  for (let serial = seed.from; serial < seed.from + seed.count; serial++) {
    const id = randomUUID();
    const agencyId =
      serial % 3 === 0 && seed.agencyIds.length > 0
        ? seed.agencyIds[serial % seed.agencyIds.length]
        : undefined;
    publishNew(
      publisher,
      namespace,
      'complaints',
      `complaint.${id}`,
      complaintEvents(id, serial, agencyId, seed.pinHash, now, rules),
      now,
    );
    if (publisher.inFlight >= publisher.maxInFlight) await publisher.drained(publisher.maxInFlight / 2);
  }
  return publisher.finish();
}
