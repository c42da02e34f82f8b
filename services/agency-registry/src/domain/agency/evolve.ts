import { type AgencyEvent, AgencyEventType as E } from './events.ts';
import type { AgencyState, LicenceHistoryEntry } from './state.ts';

const withHistory = (state: AgencyState, entry: LicenceHistoryEntry): LicenceHistoryEntry[] => [
  ...state.history,
  entry,
];

/** Folds one event into the state. Pure; never refuses (events are facts). */
export function evolveAgency(state: AgencyState, event: AgencyEvent): AgencyState {
  switch (event.type) {
    case E.ApplicationRecorded: {
      const { agencyId, flags, recordedBy, at, ...application } = event.data;
      return { ...state, id: agencyId, status: 'applied', application, flags, recordedBy, recordedAt: at };
    }
    case E.VettingCheckRecorded: {
      const { officer } = event.data;
      return {
        ...state,
        status: 'under-vetting',
        vettingChecks: [...state.vettingChecks, event.data],
        vetters: state.vetters.includes(officer.sub) ? state.vetters : [...state.vetters, officer.sub],
      };
    }
    case E.ApplicationRejected: {
      const { reason, by, at } = event.data;
      return {
        ...state,
        status: 'rejected',
        history: withHistory(state, { event: 'rejected', at, by, reason }),
      };
    }
    case E.LicenceIssued: {
      const { licenceNumber, validFrom, validUntil, approvedBy, at } = event.data;
      return {
        ...state,
        status: 'licensed',
        licence: { number: licenceNumber, validFrom, validUntil },
        history: withHistory(state, { event: 'issued', at, by: approvedBy, validUntil }),
      };
    }
    case E.LicenceRenewed: {
      const { validUntil, by, at } = event.data;
      return {
        ...state,
        status: 'licensed',
        licence: state.licence && { ...state.licence, validUntil },
        history: withHistory(state, { event: 'renewed', at, by, validUntil }),
      };
    }
    case E.LicenceSuspended: {
      const { reason, until, by, at } = event.data;
      const maybeUntil = until ? { until } : {};
      return {
        ...state,
        status: 'suspended',
        suspension: { reason, ...maybeUntil, at },
        history: withHistory(state, { event: 'suspended', at, by, reason, ...maybeUntil }),
      };
    }
    case E.LicenceReinstated: {
      const { by, at } = event.data;
      return {
        ...state,
        status: 'licensed',
        suspension: null,
        history: withHistory(state, { event: 'reinstated', at, by }),
      };
    }
    case E.LicenceRevoked: {
      const { reason, by, at } = event.data;
      return {
        ...state,
        status: 'revoked',
        suspension: null,
        history: withHistory(state, { event: 'revoked', at, by, reason }),
      };
    }
    case E.LicenceExpired: {
      const { validUntil, at } = event.data;
      return {
        ...state,
        status: 'expired',
        history: withHistory(state, { event: 'expired', at, validUntil }),
      };
    }
    case E.DirectorErased: {
      const { directorIndex, reason, note, by, at } = event.data;
      return {
        ...state,
        directorErasures: [
          ...state.directorErasures,
          { directorIndex, reason, ...(note !== undefined ? { note } : {}), by, at },
        ],
      };
    }
    default: {
      // A forgotten event type fails to compile; an unknown one at run time (a newer version) changes nothing.
      const unhandled: never = event;
      void unhandled;
      return state;
    }
  }
}
