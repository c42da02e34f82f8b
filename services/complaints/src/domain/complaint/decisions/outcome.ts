import { DomainError } from '@kazi/core';
import type {
  CloseComplaint,
  EraseComplainantData,
  FlagResponseOverdue,
  ReopenComplaint,
  ResolveComplaint,
  WithdrawComplaint,
} from '../commands.ts';
import { type ComplaintEventOf, ComplaintEventType as E } from '../events.ts';
import { ComplaintErrorType, requireStatus } from '../rules.ts';
import { responseDeadline } from '../severity.ts';
import type { ComplaintState } from '../state.ts';
import { OPEN_STATUSES, RESOLUTION_OUTCOMES } from '../vocabulary.ts';

/** Resolution needs the complaint to have been looked at (triaged, assigned or referred) first. */
export function resolveComplaint(
  command: ResolveComplaint,
  state: ComplaintState,
): [ComplaintEventOf<'Resolved'>] {
  requireStatus(state, ['triaged', 'assigned', 'referred', 'reopened'], 'resolve');
  const outcome = RESOLUTION_OUTCOMES.find((o) => o === command.outcome);
  if (!outcome)
    throw new DomainError(ComplaintErrorType.UnknownOutcome, `unknown outcome ${command.outcome}`, 'invalid');
  return [
    {
      type: E.Resolved,
      data: {
        outcome,
        ...(command.remedy ? { remedy: command.remedy } : {}),
        by: command.actor,
        at: command.now,
      },
    },
  ];
}

/** Closure only after resolution. */
export function closeComplaint(command: CloseComplaint, state: ComplaintState): [ComplaintEventOf<'Closed'>] {
  if (state.status !== null && (OPEN_STATUSES as readonly string[]).includes(state.status)) {
    throw new DomainError(
      ComplaintErrorType.ClosureRequiresResolution,
      'a complaint is closed only after it is resolved',
      'conflict',
      {
        status: state.status,
      },
    );
  }
  requireStatus(state, ['resolved'], 'close');
  return [{ type: E.Closed, data: { by: command.actor, at: command.now } }];
}

/** A resolved, closed or withdrawn complaint may be reopened; a new response period starts. */
export function reopenComplaint(
  command: ReopenComplaint,
  state: ComplaintState,
): [ComplaintEventOf<'Reopened'>] {
  requireStatus(state, ['resolved', 'closed', 'withdrawn'], 'reopen');
  const severity = state.severity ?? 'normal';
  const respondBy = responseDeadline(command.now, severity, command.rules.responseHours);
  return [
    {
      type: E.Reopened,
      data: {
        ...(command.reason ? { reason: command.reason } : {}),
        severity,
        respondBy,
        by: command.actor,
        at: command.now,
      },
    },
  ];
}

/** The complainant may withdraw while the complaint is open or resolved (not once closed). */
export function withdrawComplaint(
  command: WithdrawComplaint,
  state: ComplaintState,
): [ComplaintEventOf<'Withdrawn'>] {
  requireStatus(state, [...OPEN_STATUSES, 'resolved'], 'withdraw');
  return [
    {
      type: E.Withdrawn,
      data: { ...(command.reason ? { reason: command.reason } : {}), by: command.actor, at: command.now },
    },
  ];
}

/** Recorded after the key is destroyed; allowed in every status, once. */
export function eraseComplainantData(
  command: EraseComplainantData,
  state: ComplaintState,
): [ComplaintEventOf<'ComplainantDataErased'>] {
  if (state.status === null || state.lodged === null) {
    throw new DomainError(ComplaintErrorType.ComplaintNotFound, 'no such complaint', 'not-found');
  }
  if (state.erasure) {
    throw new DomainError(
      ComplaintErrorType.AlreadyErased,
      "the complainant's personal data is already erased",
      'conflict',
    );
  }
  return [
    {
      type: E.ComplainantDataErased,
      data: {
        subjectId: state.lodged.complainant.subjectId,
        ...(command.reason ? { reason: command.reason } : {}),
        by: command.actor,
        at: command.now,
      },
    },
  ];
}

/** Reports a breached response deadline once; nothing when responded, not yet due, or already reported. */
export function flagResponseOverdue(
  command: FlagResponseOverdue,
  state: ComplaintState,
): ComplaintEventOf<'ResponseOverdue'>[] {
  const { status, respondBy, respondedAt, overdueReported, severity } = state;
  if (status === null || !(OPEN_STATUSES as readonly string[]).includes(status)) return [];
  if (respondedAt !== null || respondBy === null || severity === null) return [];
  if (Date.parse(respondBy) > Date.parse(command.now) || overdueReported.includes(respondBy)) return [];
  return [{ type: E.ResponseOverdue, data: { respondBy, severity, at: command.now } }];
}
