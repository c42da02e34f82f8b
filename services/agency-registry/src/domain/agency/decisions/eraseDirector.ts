import { DomainError } from '@kazi/core';
import type { EraseDirector } from '../commands.ts';
import { type AgencyEventOf, AgencyEventType as E } from '../events.ts';
import { AgencyErrorType } from '../rules.ts';
import type { AgencyState } from '../state.ts';

/**
 * Records a director's erasure once: a repeat decides nothing, so a retried request (or a second director
 * pressing the button) is answered with the first erasure instead of a conflict.
 */
export function eraseDirector(command: EraseDirector, state: AgencyState): AgencyEventOf<'DirectorErased'>[] {
  const director = state.application?.directors[command.directorIndex];
  if (!director) {
    throw new DomainError(
      AgencyErrorType.DirectorNotFound,
      'the agency has no director at that position',
      'invalid',
      {
        directorIndex: command.directorIndex,
      },
    );
  }
  if (state.directorErasures.some((e) => e.directorIndex === command.directorIndex)) return [];
  const { directorIndex, reason, note, actor, now } = command;
  return [
    {
      type: E.DirectorErased,
      data: {
        directorIndex,
        subject: director.subject,
        fingerprints: director.fingerprints,
        reason,
        ...(note !== undefined ? { note } : {}),
        by: actor,
        at: now,
      },
    },
  ];
}
