import { ageBandOf, plausibleBirthDate } from '@kazi/contracts';
import { DomainError } from '@kazi/core';
import type { RecordWorkerDetails } from '../commands.ts';
import { type CaseEventOf, CaseEventType as E } from '../events.ts';
import { CaseErrorType } from '../rules.ts';

/**
 * The worker's details after the opening: a case opened from a referred complaint starts without them
 * (the complaints service holds what the caller said), and a worker may ask for a correction. Sex, age
 * band and occupation stay clear for statistics; an age band or occupation left out keeps the earlier one.
 */
export function recordWorkerDetails(command: RecordWorkerDetails): [CaseEventOf<'WorkerDetailsRecorded'>] {
  const { worker, now } = command;
  if (worker.dateOfBirth !== undefined && !plausibleBirthDate(worker.dateOfBirth, now)) {
    throw new DomainError(
      CaseErrorType.ImplausibleDateOfBirth,
      'the date of birth is in the future or more than 100 years ago',
      'invalid',
      { errors: [{ path: 'worker.dateOfBirth', message: 'must be a past date within the last 100 years' }] },
    );
  }
  const ageBand = worker.dateOfBirth ? ageBandOf(worker.dateOfBirth, now) : worker.ageBand;
  return [
    {
      type: E.WorkerDetailsRecorded,
      data: {
        worker: {
          sealed: worker.sealed,
          sex: worker.sex,
          ...(ageBand !== undefined ? { ageBand } : {}),
          ...(worker.occupation !== undefined ? { occupation: worker.occupation } : {}),
        },
        updateId: command.updateId,
        fingerprint: command.fingerprint,
        by: command.actor,
        at: now,
      },
    },
  ];
}
