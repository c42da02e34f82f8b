import { type CaseEvent, CaseEventType as E } from './events.ts';
import { type CaseChangeCommand, type CaseState, REMEMBERED_UPDATES } from './state.ts';

/** Remembers a change by its updateId with the version it brought the case to; forgets the oldest. */
const remember = (
  state: CaseState,
  command: CaseChangeCommand,
  change: { updateId: string; fingerprint: string },
): CaseState['recentUpdates'] =>
  [
    ...state.recentUpdates,
    { updateId: change.updateId, command, fingerprint: change.fingerprint, version: state.version },
  ].slice(-REMEMBERED_UPDATES);

/** Folds one event into the state. Pure; never refuses (events are facts). */
export function evolveCase(state: CaseState, event: CaseEvent): CaseState {
  const s: CaseState = { ...state, version: state.version + 1, updatedAt: event.data.at };
  switch (event.type) {
    case E.Opened:
      return { ...s, status: 'open', opened: event.data };
    case E.UpdateRecorded: {
      const { updateId, action, by, at } = event.data;
      const next: CaseState = {
        ...s,
        recentUpdates: remember(s, 'RecordCaseUpdate', event.data),
        timeline: [...s.timeline, { updateId, action, by, at }],
      };
      switch (action.kind) {
        case 'shelter-admission':
          return { ...next, inShelterSince: action.date };
        case 'shelter-discharge':
          return { ...next, inShelterSince: null };
        case 'remains-disposition':
          return {
            ...next,
            remains: { disposition: action.disposition, consentDate: action.familyConsent.date },
          };
        default:
          return next;
      }
    }
    case E.RepatriationStageReached: {
      const { updateId, stage, date, safeAndDignified, reason, by, at } = event.data;
      return {
        ...s,
        recentUpdates: remember(s, 'RecordRepatriationStage', event.data),
        repatriation: [
          ...s.repatriation,
          {
            updateId,
            stage,
            date,
            ...(safeAndDignified !== undefined ? { safeAndDignified } : {}),
            ...(reason ? { reason } : {}),
            by,
            at,
          },
        ],
      };
    }
    case E.Closed: {
      const { updateId, outcome, note, by, at } = event.data;
      return {
        ...s,
        status: 'closed',
        recentUpdates: remember(s, 'CloseCase', event.data),
        closure: { updateId, outcome, ...(note ? { note } : {}), by, at },
      };
    }
    case E.WorkerDetailsRecorded: {
      const opened = s.opened;
      if (opened === null) return s;
      const { sealed, sex, ageBand, occupation } = event.data.worker;
      // The new details replace the earlier ones; an age band or occupation not given keeps the earlier one.
      const worker = {
        ...opened.worker,
        sealed,
        sex,
        ...(ageBand !== undefined ? { ageBand } : {}),
        ...(occupation !== undefined ? { occupation } : {}),
      };
      return {
        ...s,
        opened: { ...opened, worker },
        recentUpdates: remember(s, 'RecordWorkerDetails', event.data),
      };
    }
    case E.WorkerDataErased: {
      const { reason, by, at } = event.data;
      return { ...s, erasure: { ...(reason ? { reason } : {}), by, at } };
    }
    default: {
      const unhandled: never = event;
      void unhandled;
      return state;
    }
  }
}
