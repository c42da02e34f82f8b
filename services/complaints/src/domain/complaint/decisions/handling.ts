import { DomainError } from '@kazi/core';
import type { AddNote, AssignComplaint, ReferComplaint, TriageComplaint } from '../commands.ts';
import { type ComplaintEventOf, ComplaintEventType as E } from '../events.ts';
import { ComplaintErrorType, requirePersonalDataHeld, requireStatus } from '../rules.ts';
import { assessSeverity, indicatorsOf, responseDeadline } from '../severity.ts';
import type { ComplaintState } from '../state.ts';
import { OPEN_STATUSES } from '../vocabulary.ts';

/**
 * Triage: an officer confirms or changes categories and forced-labour indicators; the severity follows the
 * rules unless the officer overrides it (always with a reason). The deadline is recomputed for the new
 * severity from the start of the current response period.
 */
export function triageComplaint(
  command: TriageComplaint,
  state: ComplaintState,
): [ComplaintEventOf<'Triaged'>] {
  requireStatus(state, OPEN_STATUSES, 'triage');
  const categories = command.categories ?? state.categories;
  const indicators = command.indicators ?? (command.categories ? indicatorsOf(categories) : state.indicators);
  const traffickingSuspected = command.traffickingSuspected ?? state.traffickingSuspected;
  const severity =
    command.severity ?? assessSeverity({ categories, indicators, traffickingSuspected }, command.rules);
  return [
    {
      type: E.Triaged,
      data: {
        categories: [...categories],
        indicators: [...indicators],
        traffickingSuspected,
        severity,
        previousSeverity: state.severity ?? severity,
        respondBy: responseDeadline(state.deadlineFrom ?? command.now, severity, command.rules.responseHours),
        ...(command.reason ? { reason: command.reason } : {}),
        by: command.actor,
        at: command.now,
      },
    },
  ];
}

export function assignComplaint(
  command: AssignComplaint,
  state: ComplaintState,
): [ComplaintEventOf<'Assigned'>] {
  requireStatus(state, OPEN_STATUSES, 'assign');
  return [{ type: E.Assigned, data: { assignee: command.assignee, by: command.actor, at: command.now } }];
}

/** A follow-up from the caller (through the hotline) or an officer; sealed like the narrative. */
export function addNote(command: AddNote, state: ComplaintState): [ComplaintEventOf<'NoteAdded'>] {
  requireStatus(state, [...OPEN_STATUSES, 'resolved', 'closed', 'withdrawn'], 'add a note to');
  // A note is about the complainant; once their data is erased there is no key to seal it with.
  requirePersonalDataHeld(state);
  const { noteId, source, sealed, actor, now } = command;
  return [{ type: E.NoteAdded, data: { noteId, source, sealed, by: actor, at: now } }];
}

/**
 * Referral to the labour attaché of the worker's country, the counter-trafficking secretariat (National
 * Referral Mechanism) or the police. The same referral twice is refused; different ones may follow.
 */
export function referComplaint(
  command: ReferComplaint,
  state: ComplaintState,
): [ComplaintEventOf<'Referred'>] {
  requireStatus(state, OPEN_STATUSES, 'refer');
  const country = command.country ?? state.lodged?.location.country ?? '';
  // Since lodging or the last reopening: a reopened complaint may go to the same place again.
  const since = state.deadlineFrom ?? '';
  if (state.referrals.some((r) => r.to === command.to && r.country === country && r.at >= since)) {
    throw new DomainError(
      ComplaintErrorType.AlreadyReferred,
      `already referred to ${command.to} (${country})`,
      'conflict',
      {
        to: command.to,
        country,
      },
    );
  }
  return [
    {
      type: E.Referred,
      data: {
        reference: state.lodged?.reference ?? '',
        categories: [...state.categories],
        severity: state.severity ?? 'normal',
        to: command.to,
        country,
        ...(command.note ? { note: command.note } : {}),
        by: command.actor,
        at: command.now,
      },
    },
  ];
}
