import {
  AgreementAmended,
  AgreementExpired,
  AgreementInForce,
  AgreementRecorded,
  AgreementReviewed,
  AgreementSigned,
  AgreementTerminated,
  AgreementUnderReview,
  CommitteeActionDone,
  CommitteeActionOverdue,
  CommitteeMeetingHeld,
  type IntegrationMessage,
  integrationMessage as message,
} from '@kazi/contracts';
import { type AgreementEvent, AgreementEventType as E, isAgreementEventType } from './events.ts';

/**
 * What other services hear of a stored agreement event. Pure; the relay calls it per event, with the
 * agreement id of the stream. Facts only: the partner country, dates, kinds of provisions, sectors,
 * institutions. Free text the officers typed (notes, summaries, findings, reasons, the actions' wording)
 * and documents stay here: whoever needs them reads the agreement.
 */
export function agreementIntegrationEvents(
  stored: { type: string; data: unknown },
  agreementId: string,
): IntegrationMessage[] {
  if (!isAgreementEventType(stored.type)) return [];
  const e = stored as AgreementEvent;
  switch (e.type) {
    case E.Recorded: {
      const { partnerCountry, title, kind, sectors, provisions, at } = e.data;
      return [
        message(AgreementRecorded, {
          agreementId,
          partnerCountry,
          at,
          title,
          kind,
          sectors,
          provisionKinds: provisions.map((p) => p.kind),
        }),
      ];
    }
    case E.Signed: {
      const { partnerCountry, date, at } = e.data;
      return [message(AgreementSigned, { agreementId, partnerCountry, at, date })];
    }
    case E.EnteredIntoForce: {
      const { partnerCountry, date, reviewDue, expiry, provisionKinds, sectors, at } = e.data;
      return [
        message(AgreementInForce, {
          agreementId,
          partnerCountry,
          at,
          date,
          ...(reviewDue !== undefined ? { reviewDue } : {}),
          ...(expiry !== undefined ? { expiry } : {}),
          provisionKinds,
          sectors,
        }),
      ];
    }
    case E.ReviewDue: {
      const { partnerCountry, reviewDue, date, at } = e.data;
      return [message(AgreementUnderReview, { agreementId, partnerCountry, at, date, reviewDue })];
    }
    case E.Reviewed: {
      const { partnerCountry, date, recommendation, nextReviewDue, renewedUntil, at } = e.data;
      return [
        message(AgreementReviewed, {
          agreementId,
          partnerCountry,
          at,
          date,
          recommendation,
          status: recommendation === 'renew' ? 'in-force' : 'under-review',
          ...(nextReviewDue !== undefined ? { nextReviewDue } : {}),
          ...(renewedUntil !== undefined ? { renewedUntil } : {}),
        }),
      ];
    }
    case E.Amended: {
      const { partnerCountry, amendment, date, provisions, sectors, at } = e.data;
      return [
        message(AgreementAmended, {
          agreementId,
          partnerCountry,
          at,
          amendment,
          date,
          provisionKinds: provisions.map((p) => p.kind),
          sectors,
        }),
      ];
    }
    case E.Expired: {
      const { partnerCountry, date, expiry, cause, at } = e.data;
      return [
        message(AgreementExpired, {
          agreementId,
          partnerCountry,
          at,
          date,
          ...(expiry !== undefined ? { expiry } : {}),
          cause,
        }),
      ];
    }
    case E.Terminated: {
      const { partnerCountry, date, previousStatus, at } = e.data;
      return [message(AgreementTerminated, { agreementId, partnerCountry, at, date, previousStatus })];
    }
    case E.CommitteeMeetingHeld: {
      const { partnerCountry, meetingId, date, attendees, decisions, at } = e.data;
      return [
        message(CommitteeMeetingHeld, {
          agreementId,
          partnerCountry,
          at,
          meetingId,
          date,
          institutions: attendees,
          actions: decisions.map(({ actionId, owner, due }) => ({ actionId, owner, due })),
        }),
      ];
    }
    case E.ActionDone: {
      const { partnerCountry, meetingId, actionId, date, wasOverdue, at } = e.data;
      return [
        message(CommitteeActionDone, {
          agreementId,
          partnerCountry,
          at,
          meetingId,
          actionId,
          date,
          wasOverdue,
        }),
      ];
    }
    case E.ActionOverdue: {
      const { partnerCountry, meetingId, actionId, owner, due, at } = e.data;
      return [
        message(CommitteeActionOverdue, { agreementId, partnerCountry, at, meetingId, actionId, owner, due }),
      ];
    }
    case E.DocumentAttached:
      return [];
    default: {
      const unhandled: never = e;
      void unhandled;
      return [];
    }
  }
}
