/**
 * The agency registry's test data, one entry point: route tests, other services' tests, end-to-end tests
 * and the benchmark build their agencies from these, so a valid application is written once (in the
 * domain's specFixtures.ts, where the domain's own specifications use it too).
 */
import { VETTING_CHECK_NAMES } from '../domain/agency/events.ts';

export {
  agencyId,
  application,
  applicationRecorded,
  director,
  directorInClear,
  licenceApplicationBody,
  licenceNumber,
  type Overridden,
  officer,
  recordApplication,
  recordedAt,
  recordedLicenceApplication,
  sealedDirector,
  secondOfficer,
  uniqueDigits,
  validLicenceApplicationBody,
} from '../domain/agency/specFixtures.ts';

/** Every vetting check: passing all of them makes an application approvable under the default rules. */
export { VETTING_CHECK_NAMES };

/** A POST /agencies/:id/vetting-checks body: the check passed, unless overridden. */
export const vettingCheckBody = (
  check: string = VETTING_CHECK_NAMES[0],
  overrides: Record<string, unknown> = {},
): Record<string, unknown> => ({ check, outcome: 'pass', ...overrides });
