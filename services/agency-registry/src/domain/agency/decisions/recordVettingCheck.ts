import { DomainError } from '@kazi/core';
import type { RecordVettingCheck } from '../commands.ts';
import { type AgencyEventOf, AgencyEventType as E } from '../events.ts';
import { AgencyErrorType, isVettingCheckName } from '../rules.ts';
import type { AgencyState } from '../state.ts';

/** A check may be recorded (and redone) only while the application is open; its officer becomes a vetter. */
export function recordVettingCheck(
  command: RecordVettingCheck,
  state: AgencyState,
): [AgencyEventOf<'VettingCheckRecorded'>] {
  if (state.status !== 'applied' && state.status !== 'under-vetting') {
    throw new DomainError(
      AgencyErrorType.VettingClosed,
      `vetting is closed once the application is ${state.status}`,
      'conflict',
      {
        status: state.status,
      },
    );
  }
  const { check, outcome, note, actor, now } = command;
  if (!isVettingCheckName(check)) {
    throw new DomainError(AgencyErrorType.UnknownVettingCheck, `${check} is not a vetting check`, 'invalid', {
      check,
    });
  }
  return [
    {
      type: E.VettingCheckRecorded,
      data: { check, outcome, ...(note ? { note } : {}), officer: actor, at: now },
    },
  ];
}
