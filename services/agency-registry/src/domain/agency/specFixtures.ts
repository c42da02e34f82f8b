import type { Actor } from '@kazi/core';
import type { RecordApplication } from './commands.ts';
import { type AgencyEventOf, AgencyEventType as E } from './events.ts';
/**
 * The agency's test data, written once: people, a POST /agencies body, the application as the domain
 * records it, and the command and event that record it. The service exports these from its testing entry
 * (src/testing/index.ts) for route tests, end-to-end tests and the benchmark; they live here so that the
 * domain's own specifications use them without reaching out of the domain folder.
 */
import type {
  LicenceApplicationInput,
  RecordedLicenceApplication,
  SealedDirector,
} from './licenceApplication.ts';

export const agencyId = 'agency-1';
export const licenceNumber = 'NEA/PRA/2026/00001';
export const officer: Actor = { sub: 'officer-1', name: 'Achieng Otieno' };
export const secondOfficer: Actor = { sub: 'officer-2', name: 'Mutua Kilonzo' };
export const director: Actor = { sub: 'director-1', name: 'Njeri Wambui' };

/**
 * A run-unique prefix (no node:crypto here: the domain folder imports nothing but the core, contracts and
 * zod), so test files running in parallel and earlier runs do not share identifiers.
 */
const run = Math.floor(Math.random() * 1000);
let serial = 0;

/** Nine digits no other call in this process returns: the run's three, then a serial of six. */
export function uniqueDigits(): string {
  serial += 1;
  return `${String(run).padStart(3, '0')}${String(serial).padStart(6, '0')}`;
}

/** `base` with `overrides` laid over it; an override may change a field's type (to build an invalid body). */
export type Overridden<T, O> = Omit<T, keyof O> & O;

/**
 * A valid POST /agencies body. Registration number, KRA PIN, director's national ID and guarantee
 * reference are made of `digits` (9 digits; run-unique by default), so every call has its own unless the
 * caller passes the same digits. Overrides replace whole top-level fields.
 */
export function licenceApplicationBody<O extends Record<string, unknown> = Record<never, never>>(
  overrides: O = {} as O,
  digits: string = uniqueDigits(),
): Overridden<LicenceApplicationInput, O> {
  const body: LicenceApplicationInput = {
    name: `Agency ${digits}`,
    registrationNumber: `PVT-${digits}`,
    kraPin: `P${digits}X`,
    county: 'Nairobi',
    physicalAddress: 'Moi Avenue 12, Nairobi',
    phone: '+254712345678',
    email: 'info@agency.example',
    directors: [{ fullName: 'Jane Wanjiku', nationalId: digits, nationality: 'KE' }],
    guarantee: { kind: 'bank', issuer: 'KCB', reference: `BG-${digits}`, amountKes: 1_500_000 },
  };
  return { ...body, ...overrides } as Overridden<LicenceApplicationInput, O>;
}

/** The body the domain's specifications share: fixed digits, so every run decides the same events. */
export const validLicenceApplicationBody = licenceApplicationBody(
  {
    name: 'Amani Overseas Recruiters Ltd',
    directors: [{ fullName: 'Wanjiru Kamau', nationalId: '29384756', nationality: 'KE' }],
  },
  '051234567',
);

/**
 * Wanjiru Kamau as the application layer hands her to the decider: a data subject, the fingerprint of her
 * national ID, her nationality, and her name and ID sealed (opaque to the domain).
 */
export const sealedDirector: SealedDirector = {
  subject: 'director:Yk3q9ZL0c1mX8vTQ2aRw5sNe7uJh4dPo',
  fingerprints: ['Yk3q9ZL0c1mX8vTQ2aRw5sNe7uJh4dPo'],
  nationality: 'KE',
  sealed: 'pd1.aXYtb2Ytd2Fuaml.c2VhbGVkLW5hbWUtYW5kLWlk',
};

/**
 * An application as the domain records it: `licenceApplicationBody` with its directors sealed (by default the
 * one sealed director above). Built, not parsed: the body is already in its normalised form.
 */
export function recordedLicenceApplication(
  overrides: Partial<RecordedLicenceApplication> = {},
  digits?: string,
): RecordedLicenceApplication {
  const { directors: _inClear, ...body } = licenceApplicationBody({}, digits);
  return { ...body, directors: [sealedDirector], ...overrides };
}

/** The shared application (validLicenceApplicationBody), as the domain records it: its director sealed. */
export const application: RecordedLicenceApplication = (() => {
  const { directors: _inClear, ...body } = validLicenceApplicationBody;
  return { ...body, directors: [sealedDirector] };
})();

/** What a recorded agency may never hold in the clear (validLicenceApplicationBody's director). */
export const directorInClear = ['Wanjiru Kamau', '29384756'];

/** When the shared application is recorded. */
export const recordedAt = '2026-02-01T08:00:00.000Z';

/** The command that records the shared application (by the officer, KES 1.5 million minimum). */
export const recordApplication = (
  overrides: Partial<Omit<RecordApplication, 'type'>> = {},
): RecordApplication => ({
  type: 'RecordApplication',
  agencyId,
  application,
  revokedDirectorMatches: [],
  minGuaranteeKes: 1_500_000,
  actor: officer,
  now: recordedAt,
  ...overrides,
});

type RecordedData = AgencyEventOf<'ApplicationRecorded'>['data'];

/** The event recordApplication() decides: the shared application, no flags, by the officer. */
export const applicationRecorded = (
  overrides: Partial<RecordedData> = {},
): AgencyEventOf<'ApplicationRecorded'> => ({
  type: E.ApplicationRecorded,
  data: { ...application, agencyId, flags: [], recordedBy: officer, at: recordedAt, ...overrides },
});
