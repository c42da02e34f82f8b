import { ageBandOf, plausibleBirthDate } from '@kazi/contracts';
import { DomainError } from '@kazi/core';
import type { OpenCase } from '../commands.ts';
import { type CaseEmployer, type CaseEventOf, CaseEventType as E, type EmployerFlag } from '../events.ts';
import { CaseErrorType } from '../rules.ts';
import type { CaseState } from '../state.ts';

/** The case's employer, and a flag when an attaché flagged or blacklisted it (later cases show it). */
function employerOf(command: OpenCase): { employer?: CaseEmployer; flags: EmployerFlag[] } {
  const named = command.employer;
  if (named === undefined) return { flags: [] };
  if (!('employerId' in named)) return { employer: { name: named.name, country: named.country }, flags: [] };
  const { employerId, registered } = named;
  if (registered === null) {
    throw new DomainError(
      CaseErrorType.UnknownEmployer,
      'employerId names no registered employer',
      'invalid',
      {
        employerId,
      },
    );
  }
  const { name, country, status } = registered;
  const flags: EmployerFlag[] =
    status === 'flagged'
      ? [{ kind: 'employer-flagged' }]
      : status === 'blacklisted'
        ? [{ kind: 'employer-blacklisted' }]
        : [];
  return { employer: { employerId, name, country, statusAtOpening: status }, flags };
}

/**
 * Opens a case in a mission. A referral delivered again (the same complaint to the same mission) opens
 * nothing new: the application derives the case id from the referral, so it lands on this case.
 */
export function openCase(command: OpenCase, state: CaseState): CaseEventOf<'Opened'>[] {
  if (state.opened !== null) {
    const { complaintId, country } = state.opened;
    if (
      command.complaintId !== undefined &&
      command.complaintId === complaintId &&
      command.country === country
    )
      return [];
    throw new DomainError(CaseErrorType.CaseExists, 'this case was already opened', 'conflict');
  }
  if (command.complaintReferredHere === false) {
    // The case would show in the complaint's record and its outcome on it: only a mission the complaint
    // was referred to may link a case to it (a typo would tie the case to someone else's complaint).
    throw new DomainError(
      CaseErrorType.ComplaintNotReferred,
      `the complaint was not referred to the labour attaché of ${command.country}`,
      'invalid',
      {
        errors: [
          {
            path: 'complaintId',
            message: `must be a complaint referred to the labour attaché of ${command.country}`,
          },
        ],
      },
    );
  }
  const { worker, now } = command;
  if (worker.dateOfBirth !== undefined && !plausibleBirthDate(worker.dateOfBirth, now)) {
    // A typo here would count a worker as a child (or as 100 years old) in the national indicators.
    throw new DomainError(
      CaseErrorType.ImplausibleDateOfBirth,
      'the date of birth is in the future or more than 100 years ago',
      'invalid',
      { errors: [{ path: 'worker.dateOfBirth', message: 'must be a past date within the last 100 years' }] },
    );
  }
  const ageBand = worker.dateOfBirth ? ageBandOf(worker.dateOfBirth, now) : worker.ageBand;
  const { employer, flags } = employerOf(command);
  return [
    {
      type: E.Opened,
      data: {
        caseId: command.caseId,
        caseType: command.caseType,
        country: command.country,
        ...(command.complaintId !== undefined ? { complaintId: command.complaintId } : {}),
        worker: {
          subjectId: worker.subjectId,
          ...(worker.sealed !== undefined ? { sealed: worker.sealed } : {}),
          sex: worker.sex,
          ...(ageBand !== undefined ? { ageBand } : {}),
          ...(worker.occupation !== undefined ? { occupation: worker.occupation } : {}),
        },
        ...(employer ? { employer } : {}),
        flags,
        ...(command.summary ? { summary: command.summary } : {}),
        openedBy: command.actor,
        at: now,
      },
    },
  ];
}
