import {
  CaseClosed,
  CaseOpened,
  CaseUpdated,
  CaseWorkerDetailsCorrected,
  type IntegrationMessage,
  integrationMessage as message,
  RepatriationStageChanged,
} from '@kazi/contracts';
import { type CaseEvent, CaseEventType as E, isCaseEventType } from './events.ts';

/**
 * What other services hear of a stored case event. Pure; the relay calls it per event, with the case id of
 * the stream. The worker's sealed data, notes, reasons and the employer's typed name stay here; so does the
 * erasure: nothing that identifies the worker was ever published, so no consumer has anything to forget.
 */
export function caseIntegrationEvents(
  stored: { type: string; data: unknown },
  caseId: string,
): IntegrationMessage[] {
  if (!isCaseEventType(stored.type)) return [];
  const e = stored as CaseEvent;
  switch (e.type) {
    case E.Opened: {
      const { caseType, country, complaintId, worker, employer, at } = e.data;
      return [
        message(CaseOpened, {
          caseId,
          at,
          caseType,
          country,
          ...(complaintId !== undefined ? { complaintId } : {}),
          sex: worker.sex,
          ...(worker.ageBand !== undefined ? { ageBand: worker.ageBand } : {}),
          ...(worker.occupation !== undefined ? { occupation: worker.occupation } : {}),
          ...(employer?.employerId !== undefined ? { employerId: employer.employerId } : {}),
        }),
      ];
    }
    case E.UpdateRecorded:
      return [message(CaseUpdated, { caseId, at: e.data.at, action: e.data.action.kind })];
    case E.RepatriationStageReached: {
      const { stage, date, safeAndDignified, worker, remains, at } = e.data;
      return [
        message(RepatriationStageChanged, {
          caseId,
          at,
          stage,
          date,
          ...(safeAndDignified !== undefined ? { safeAndDignified } : {}),
          ...(worker ? { sex: worker.sex } : {}),
          ...(worker?.ageBand !== undefined ? { ageBand: worker.ageBand } : {}),
          ...(remains ? { remains } : {}),
        }),
      ];
    }
    case E.Closed: {
      const { outcome, complaintId, at } = e.data;
      return [
        message(CaseClosed, { caseId, at, outcome, ...(complaintId !== undefined ? { complaintId } : {}) }),
      ];
    }
    // The details themselves are personal data: only what statistics count of them goes out, so a
    // corrected sex, age band or occupation is counted at once, not at the next repatriation stage.
    case E.WorkerDetailsRecorded: {
      const { sex, ageBand, occupation } = e.data.worker;
      return [
        message(CaseWorkerDetailsCorrected, {
          caseId,
          at: e.data.at,
          sex,
          ...(ageBand !== undefined ? { ageBand } : {}),
          ...(occupation !== undefined ? { occupation } : {}),
        }),
      ];
    }
    case E.WorkerDataErased:
      return [];
    default: {
      const unhandled: never = e;
      void unhandled;
      return [];
    }
  }
}
