import { DomainError } from '@kazi/core';
import type { RecordAgreement } from '../commands.ts';
import { type AgreementEventOf, AgreementEventType as E } from '../events.ts';
import { AgreementErrorType } from '../rules.ts';
import type { AgreementState } from '../state.ts';

/** An agreement is recorded once, while it is negotiated, with the terms as they stand. */
export function recordAgreement(
  command: RecordAgreement,
  state: AgreementState,
): [AgreementEventOf<'Recorded'>] {
  if (state.status !== null)
    throw new DomainError(
      AgreementErrorType.AgreementExists,
      'this agreement is recorded already',
      'conflict',
    );
  const { agreementId, partnerCountry, title, kind, sectors, provisions, notes, actor, now } = command;
  return [
    {
      type: E.Recorded,
      data: {
        agreementId,
        partnerCountry,
        title,
        kind,
        sectors,
        provisions,
        ...(notes !== undefined ? { notes } : {}),
        recordedBy: actor,
        at: now,
      },
    },
  ];
}
