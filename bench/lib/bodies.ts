/** Request bodies the benchmark sends: valid, and unique where the registry requires it. */
import { randomInt } from 'node:crypto';

import { VETTING_CHECK_NAMES as VETTING_CHECKS } from '@kazi/agency-registry/domain';

export { VETTING_CHECKS };

const COUNTIES = ['Nairobi', 'Mombasa', 'Kisumu', 'Nakuru', 'Uasin Gishu', 'Kiambu', 'Machakos', 'Kakamega'];

/**
 * Generates POST /agencies bodies. Registration number and KRA PIN are unique per body within a run
 * (one generator per process; `seed` keeps two generators of one run apart). KRA PIN: a letter, 9
 * digits, a letter.
 */
export function applicationBodies(seed: number = randomInt(1, 90)): () => string {
  let n = 0;
  return () => {
    n += 1;
    const serial = seed * 10_000_000 + n; // < 1e9: fits the 9 digits of a KRA PIN
    const digits = String(serial).padStart(9, '0');
    return JSON.stringify({
      name: `Bench Recruitment Agency ${digits}`,
      registrationNumber: `PVT-${serial.toString(36).toUpperCase().padStart(7, '0')}`,
      kraPin: `P${digits}X`,
      county: COUNTIES[serial % COUNTIES.length],
      physicalAddress: `Plot ${serial % 997}, Moi Avenue, Nairobi`,
      phone: `+2547${String(serial % 100_000_000).padStart(8, '0')}`,
      email: `ops${digits}@agency.example`,
      directors: [
        {
          fullName: `Director ${digits}`,
          // The whole serial: unique per body across generators, so a director erased by one step is
          // never named again by another (an erased subject is refused: 409 subject-erased).
          nationalId: digits,
          nationality: 'KE',
        },
      ],
      guarantee: {
        kind: 'bank',
        issuer: 'Kenya Commercial Bank',
        reference: `GTE-${digits}`,
        amountKes: 1_500_000,
      },
    });
  };
}

export function vettingCheckBody(): string {
  return JSON.stringify({
    check: VETTING_CHECKS[randomInt(VETTING_CHECKS.length)],
    outcome: 'pass',
    note: 'bench',
  });
}

const CATEGORIES = [
  'withheld-wages',
  'document-confiscation',
  'excessive-hours',
  'poor-living-conditions',
  'confinement',
];
const COUNTRIES = ['SA', 'QA', 'AE', 'OM', 'KW'];

/**
 * POST /complaints bodies as the hotline sends them, each with its own Idempotency-Key (the hotline sends
 * one with every lodging). No agency: a named agency would measure the agency view, not lodging.
 */
export function complaintRequests(seed: number = randomInt(1, 90)): () => { body: string; key: string } {
  let n = 0;
  return () => {
    n += 1;
    const serial = seed * 10_000_000 + n;
    return {
      key: `bench-${seed}-${n}`,
      body: JSON.stringify({
        complainant: {
          fullName: `Caller ${serial}`,
          phone: `+2547${String(serial % 100_000_000).padStart(8, '0')}`,
          sex: serial % 2 === 0 ? 'female' : 'male',
          ageBand: '25-34',
          nationalId: String(20_000_000 + (serial % 9_000_000)),
        },
        location: { country: COUNTRIES[serial % COUNTRIES.length], city: 'Riyadh' },
        categories: [CATEGORIES[serial % CATEGORIES.length]],
        narrative: `Wages unpaid for three months, employer keeps my passport (bench ${serial}).`,
        language: serial % 3 === 0 ? 'en' : 'sw',
      }),
    };
  };
}
