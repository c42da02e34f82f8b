import { DomainError } from '@kazi/core';
import { nairobiDayOf } from '../../dates.ts';
import type { FlagOverdueActions, HoldCommitteeMeeting, RecordActionDone } from '../commands.ts';
import { type AgreementEventOf, AgreementEventType as E } from '../events.ts';
import {
  AgreementErrorType,
  invalidField,
  requireAgreement,
  requirePastDay,
  requireStatus,
} from '../rules.ts';
import { type AgreementState, committeeActions } from '../state.ts';

/**
 * A joint committee meets once the agreement is signed, also after it expired (to prepare a renewal), never
 * after a termination. Its decisions are actions with an owner and a due day on or after the meeting. The
 * meeting and its actions are numbered in the agreement (meeting-2, meeting-2-action-1): ids the server
 * chooses, the same whichever replica decides.
 */
export function holdCommitteeMeeting(
  command: HoldCommitteeMeeting,
  state: AgreementState,
): [AgreementEventOf<'CommitteeMeetingHeld'>] {
  if (state.status === 'negotiating')
    throw new DomainError(
      AgreementErrorType.CommitteeNotEstablished,
      'the joint committee is set up by the agreement: record its signature first',
      'conflict',
      { status: state.status },
    );
  requireStatus(state, ['signed', 'in-force', 'under-review', 'expired'], 'hold a committee meeting on');
  const { date, attendees, decisions, actor, now } = command;
  requirePastDay(date, now, 'date');
  if (state.signedOn !== null && date < state.signedOn)
    throw invalidField(
      AgreementErrorType.DateBeforeSignature,
      'date',
      `must not be before the signature (${state.signedOn})`,
    );
  const same = state.meetings.find((m) => m.date === date);
  if (same)
    throw new DomainError(
      AgreementErrorType.MeetingExists,
      `a committee meeting on ${date} is recorded already`,
      'conflict',
      { meetingId: same.meetingId },
    );
  decisions.forEach((d, i) => {
    if (d.due < date)
      throw invalidField(
        AgreementErrorType.DateOrder,
        `decisions.${i}.due`,
        'must not be before the meeting',
      );
  });
  const meetingId = `meeting-${state.meetings.length + 1}`;
  return [
    {
      type: E.CommitteeMeetingHeld,
      data: {
        partnerCountry: state.record.partnerCountry,
        meetingId,
        date,
        attendees,
        decisions: decisions.map((d, i) => ({ actionId: `${meetingId}-action-${i + 1}`, ...d })),
        by: actor,
        at: now,
      },
    },
  ];
}

/**
 * An action is done once, on or after the day of its meeting; an overdue action too, late. Also once the
 * agreement has ended: the record is completed with what happened.
 */
export function recordActionDone(
  command: RecordActionDone,
  state: AgreementState,
): [AgreementEventOf<'ActionDone'>] {
  requireAgreement(state);
  const { actionId, date, actor, now } = command;
  const action = committeeActions(state).find((a) => a.actionId === actionId);
  if (!action)
    throw new DomainError(AgreementErrorType.ActionNotFound, `no committee action ${actionId}`, 'not-found');
  if (action.status === 'done')
    throw new DomainError(AgreementErrorType.ActionAlreadyDone, `${actionId} is done already`, 'conflict', {
      doneOn: action.doneOn,
    });
  requirePastDay(date, now, 'date');
  const meeting = state.meetings.find((m) => m.meetingId === action.meetingId);
  if (meeting && date < meeting.date)
    throw invalidField(
      AgreementErrorType.DateBeforeMeeting,
      'date',
      `must not be before the meeting (${meeting.date})`,
    );
  return [
    {
      type: E.ActionDone,
      data: {
        partnerCountry: state.record.partnerCountry,
        meetingId: action.meetingId,
        actionId,
        date,
        wasOverdue: action.status === 'overdue',
        by: actor,
        at: now,
      },
    },
  ];
}

/**
 * The clock's sweep: each open action whose due day has passed in Nairobi is reported overdue, once (it
 * stays overdue until done). A terminated agreement's committee no longer acts: nothing is reported.
 */
export function flagOverdueActions(
  command: FlagOverdueActions,
  state: AgreementState,
): AgreementEventOf<'ActionOverdue'>[] {
  if (state.record === null || state.status === 'terminated') return [];
  const today = nairobiDayOf(command.now);
  const { partnerCountry } = state.record;
  return committeeActions(state)
    .filter((a) => a.status === 'open' && a.due < today)
    .map(({ meetingId, actionId, owner, due }) => ({
      type: E.ActionOverdue,
      data: { partnerCountry, meetingId, actionId, owner, due, at: command.now },
    }));
}
