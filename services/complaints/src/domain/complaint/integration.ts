import {
  ComplainantDataErased,
  ComplaintClosed,
  ComplaintLodged,
  ComplaintReferred,
  ComplaintReopened,
  ComplaintResolved,
  ComplaintResponseOverdue,
  ComplaintTriaged,
  ComplaintWithdrawn,
  type IntegrationMessage,
  integrationMessage as message,
} from '@kazi/contracts';
import { type ComplaintEvent, ComplaintEventType as E, isComplaintEventType } from './events.ts';
import { upcastComplaintEvent } from './upcasters.ts';

/**
 * What other services hear of a stored complaint event (v1 events are upcast first: the relay reads raw
 * commits). Pure; the relay calls it per event. Sealed personal data and free text (reasons, notes, the
 * employer's name, the city, the remedy's description), notes and assignments publish nothing.
 */
export function toIntegrationEvents(
  stored: { type: string; data: unknown },
  complaintId: string,
): IntegrationMessage[] {
  const event = upcastComplaintEvent(stored);
  if (!isComplaintEventType(event.type)) return [];
  const e = event as ComplaintEvent;
  switch (e.type) {
    case E.Lodged: {
      const d = e.data;
      return [
        message(ComplaintLodged, {
          complaintId,
          at: d.at,
          reference: d.reference,
          channel: d.channel,
          sex: d.complainant.sex,
          ageBand: d.complainant.ageBand,
          country: d.location.country,
          ...(d.agency.agencyId ? { agencyId: d.agency.agencyId } : {}),
          ...(d.agency.agencyName ? { agencyName: d.agency.agencyName } : {}),
          ...(d.employer ? { employerCountry: d.employer.country } : {}),
          categories: d.categories,
          indicators: d.indicators,
          severity: d.severity,
          respondBy: d.respondBy,
        }),
      ];
    }
    case E.Triaged: {
      const { categories, indicators, traffickingSuspected, severity, at } = e.data;
      return [
        message(ComplaintTriaged, {
          complaintId,
          at,
          categories,
          indicators,
          traffickingSuspected,
          severity,
        }),
      ];
    }
    case E.Referred: {
      const { to, country, reference, categories, severity, at } = e.data;
      return [message(ComplaintReferred, { complaintId, at, to, country, reference, categories, severity })];
    }
    case E.Resolved: {
      const { outcome, remedy, at } = e.data;
      const publicRemedy = remedy && {
        kind: remedy.kind,
        ...(remedy.amount !== undefined ? { amount: remedy.amount } : {}),
        ...(remedy.currency ? { currency: remedy.currency } : {}),
      };
      return [
        message(ComplaintResolved, {
          complaintId,
          at,
          outcome,
          ...(publicRemedy ? { remedy: publicRemedy } : {}),
        }),
      ];
    }
    case E.Closed:
      return [message(ComplaintClosed, { complaintId, at: e.data.at })];
    case E.Reopened:
      return [message(ComplaintReopened, { complaintId, at: e.data.at, respondBy: e.data.respondBy })];
    case E.Withdrawn:
      return [message(ComplaintWithdrawn, { complaintId, at: e.data.at })];
    case E.ResponseOverdue:
      return [message(ComplaintResponseOverdue, { complaintId, ...e.data })];
    case E.ComplainantDataErased:
      return [message(ComplainantDataErased, { complaintId, at: e.data.at })];
    case E.Assigned:
    case E.NoteAdded:
      return [];
    default: {
      const unhandled: never = e;
      void unhandled;
      return [];
    }
  }
}
