import { ageBandOf, plausibleBirthDate } from '@kazi/contracts';
import { DomainError } from '@kazi/core';
import type { LodgeComplaint } from '../commands.ts';
import { type AgencyFlag, type ComplaintEventOf, ComplaintEventType as E } from '../events.ts';
import { ComplaintErrorType } from '../rules.ts';
import { assessSeverity, indicatorsOf, responseDeadline } from '../severity.ts';
import type { ComplaintState } from '../state.ts';

const isSealed = (text: unknown, optional: boolean): boolean =>
  text === undefined ? optional : typeof (text as { sealed?: unknown } | null)?.sealed === 'string';

/** Statuses of a registry agency under which a complaint needs no flag. */
const LICENSED = 'licensed';

/**
 * Lodges a complaint: severity from the categories' forced-labour indicators, the response deadline of
 * that severity, and flags when the agency is not licensed or cannot be identified.
 */
export function lodgeComplaint(command: LodgeComplaint, state: ComplaintState): [ComplaintEventOf<'Lodged'>] {
  if (state.status !== null) {
    throw new DomainError(
      ComplaintErrorType.ComplaintExists,
      'this complaint was already lodged',
      'conflict',
    );
  }
  const { input, agency, candidates, rules, now } = command;
  if (input.agencyId !== undefined && !agency?.known) {
    throw new DomainError(
      ComplaintErrorType.UnknownAgency,
      'agencyId names no agency the registry knows',
      'invalid',
      {
        agencyId: input.agencyId,
      },
    );
  }
  const flags: AgencyFlag[] = [];
  if (agency?.known && agency.status !== LICENSED) {
    flags.push({ kind: 'agency-not-licensed', agencyStatus: agency.status ?? 'unknown' });
  }
  // A complaint without a registry id (a free-text name, or no name: callers may not know it) is still
  // lodged; officers then identify the agency, helped by the candidates.
  if (input.agencyId === undefined) flags.push({ kind: 'agency-not-identified' });

  const indicators = indicatorsOf(input.categories);
  const severity = assessSeverity({ categories: input.categories, indicators }, rules);
  const { sex, dateOfBirth } = input.complainant;
  if (dateOfBirth !== undefined && !plausibleBirthDate(dateOfBirth, now)) {
    // A typo here would count a worker as a child (or as 100 years old) in the national indicators.
    throw new DomainError(
      ComplaintErrorType.ImplausibleDateOfBirth,
      'the date of birth is in the future or more than 100 years ago',
      'invalid',
      {
        errors: [
          { path: 'complainant.dateOfBirth', message: 'must be a past date within the last 100 years' },
        ],
      },
    );
  }
  // A date of birth is reduced to its band at lodging: statistics never need more.
  const ageBand = dateOfBirth ? ageBandOf(dateOfBirth, now) : input.complainant.ageBand;
  if (ageBand === undefined) {
    throw new DomainError(ComplaintErrorType.AgeRequired, 'give a date of birth or an age band', 'invalid');
  }
  // The command's type asks for sealed text; a clear one reaching here by mistake must not be stored.
  if (!isSealed(input.location.city, true) || (input.employer && !isSealed(input.employer.name, false))) {
    throw new TypeError('the city and the employer name must be sealed before the lodging is decided');
  }
  const agencyName = input.agencyName ?? agency?.name;
  return [
    {
      type: E.Lodged,
      data: {
        complaintId: command.complaintId,
        reference: command.reference,
        channel: command.channel,
        lodgedBy: command.actor,
        complainant: {
          sex,
          ageBand,
          subjectId: command.subjectId,
          sealed: command.sealed,
        },
        location: {
          country: input.location.country,
          ...(input.location.city ? { city: input.location.city } : {}),
        },
        agency: {
          ...(input.agencyId !== undefined ? { agencyId: input.agencyId } : {}),
          ...(agencyName !== undefined ? { agencyName } : {}),
          ...(agency?.known && agency.status ? { statusAtLodging: agency.status } : {}),
          candidates,
        },
        flags,
        ...(input.employer ? { employer: input.employer } : {}),
        categories: [...input.categories],
        indicators,
        severity,
        language: input.language,
        trackingPinHash: command.trackingPinHash,
        respondBy: responseDeadline(now, severity, rules.responseHours),
        at: now,
      },
    },
  ];
}
