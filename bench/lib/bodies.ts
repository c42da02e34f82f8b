/** Request bodies the benchmark sends: valid, and unique where the registry requires it. */
import { randomInt } from 'node:crypto';

import { VETTING_CHECK_NAMES as VETTING_CHECKS } from '@kazi/agency-registry/domain';
import { vettingCheckBody as checkBody, licenceApplicationBody } from '@kazi/agency-registry/testing';
import { complaintBody } from '@kazi/complaints/testing';

export { VETTING_CHECKS };

const COUNTIES = ['Nairobi', 'Mombasa', 'Kisumu', 'Nakuru', 'Uasin Gishu', 'Kiambu', 'Machakos', 'Kakamega'];

/**
 * Generates POST /agencies bodies: the registry's test application, its identifiers made of the body's
 * serial (9 digits, < 1e9: fits a KRA PIN). Registration number, KRA PIN and director's national ID are
 * unique per body within a run (one generator per process; `seed` keeps two generators of one run apart),
 * so a director erased by one step is never named again by another (an erased subject is refused: 409
 * subject-erased). The county varies, as a register's would.
 */
export function applicationBodies(seed: number = randomInt(1, 90)): () => string {
  let n = 0;
  return () => {
    n += 1;
    const serial = seed * 10_000_000 + n;
    const digits = String(serial).padStart(9, '0');
    return JSON.stringify(
      licenceApplicationBody(
        { name: `Bench Recruitment Agency ${digits}`, county: COUNTIES[serial % COUNTIES.length] },
        digits,
      ),
    );
  };
}

export function vettingCheckBody(): string {
  return JSON.stringify(checkBody(VETTING_CHECKS[randomInt(VETTING_CHECKS.length)], { note: 'bench' }));
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
 * POST /complaints bodies as the hotline sends them: the complaints service's test lodging, its personal
 * data made of the body's serial, spread over countries, categories and languages as a queue's would be;
 * each with its own Idempotency-Key (the hotline sends one with every lodging). No agency: a named agency
 * would measure the agency view, not lodging.
 */
export function complaintRequests(seed: number = randomInt(1, 90)): () => { body: string; key: string } {
  let n = 0;
  return () => {
    n += 1;
    const serial = seed * 10_000_000 + n;
    return {
      key: `bench-${seed}-${n}`,
      body: JSON.stringify(
        complaintBody(
          {
            location: { country: COUNTRIES[serial % COUNTRIES.length]!, city: 'Riyadh' },
            categories: [CATEGORIES[serial % CATEGORIES.length]!],
            language: serial % 3 === 0 ? 'en' : 'sw',
          },
          String(serial),
        ),
      ),
    };
  };
}
