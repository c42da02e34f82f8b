import { DomainError } from '@kazi/core';
import type { AttachDocument } from '../commands.ts';
import { type AgreementEventOf, AgreementEventType as E } from '../events.ts';
import { AgreementErrorType, invalidField, requireAgreement } from '../rules.ts';
import type { AgreementState } from '../state.ts';

/**
 * A document's metadata, once its bytes are stored: the signed text, a meeting's minutes or another paper,
 * at any point of the agreement's life (a termination letter too). Minutes name their meeting; the same
 * file twice is refused, naming the document that holds it.
 */
export function attachDocument(
  command: AttachDocument,
  state: AgreementState,
): [AgreementEventOf<'DocumentAttached'>] {
  requireAgreement(state);
  const { document, actor, now } = command;
  if (state.documents.some((d) => d.documentId === document.documentId))
    throw new DomainError(
      AgreementErrorType.DocumentExists,
      'a document with this id is attached already',
      'conflict',
    );
  const same = state.documents.find((d) => d.sha256 === document.sha256);
  if (same)
    throw new DomainError(
      AgreementErrorType.DocumentAlreadyAttached,
      'this file is attached already',
      'conflict',
      {
        documentId: same.documentId,
      },
    );
  if ((document.kind === 'minutes') !== (document.meetingId !== undefined))
    throw invalidField(
      AgreementErrorType.MinutesNameTheirMeeting,
      'meetingId',
      document.kind === 'minutes' ? 'is required for minutes' : 'is given only for minutes',
    );
  if (document.meetingId !== undefined && !state.meetings.some((m) => m.meetingId === document.meetingId))
    throw invalidField(AgreementErrorType.UnknownMeeting, 'meetingId', 'names no meeting of this agreement');
  return [{ type: E.DocumentAttached, data: { ...document, uploadedBy: actor, at: now } }];
}
