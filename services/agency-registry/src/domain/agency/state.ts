import type { ApplicationInput } from './application.ts';
import { type Actor, type AgencyEvent, AgencyEventType, type DirectorOfRevokedAgencyFlag, type VettingOutcome } from './events.ts';

export type AgencyStatus = 'applied' | 'under-vetting' | 'licensed' | 'rejected' | 'suspended' | 'revoked' | 'expired';

export interface VettingCheck {
  check: string;
  outcome: VettingOutcome;
  note?: string;
  officer: Actor;
  at: string;
}

export interface LicenceHistoryEntry {
  event: 'issued' | 'renewed' | 'suspended' | 'reinstated' | 'revoked' | 'expired' | 'rejected';
  at: string;
  by?: Actor;
  reason?: string;
  validUntil?: string;
  until?: string;
}

/** JSON-serialisable: it is snapshotted as JSON. */
export interface AgencyState {
  id: string | null;
  status: AgencyStatus | null;
  application: ApplicationInput | null;
  flags: DirectorOfRevokedAgencyFlag[];
  recordedBy: Actor | null;
  recordedAt: string | null;
  vettingChecks: VettingCheck[];
  /** Subs of everyone who recorded a vetting check: none of them may approve (four eyes). */
  vetters: string[];
  licence: { number: string; validFrom: string; validUntil: string } | null;
  suspension: { reason: string; until?: string; at: string } | null;
  history: LicenceHistoryEntry[];
}

export const initialAgencyState = (): AgencyState => ({
  id: null,
  status: null,
  application: null,
  flags: [],
  recordedBy: null,
  recordedAt: null,
  vettingChecks: [],
  vetters: [],
  licence: null,
  suspension: null,
  history: [],
});

export function evolveAgency(state: AgencyState, event: AgencyEvent): AgencyState {
  switch (event.type) {
    case AgencyEventType.ApplicationRecorded: {
      const { agencyId, flags, recordedBy, at, ...application } = event.data;
      return { ...state, id: agencyId, status: 'applied', application, flags, recordedBy, recordedAt: at };
    }
    case AgencyEventType.VettingCheckRecorded: {
      const { officer } = event.data;
      return {
        ...state,
        status: 'under-vetting',
        vettingChecks: [...state.vettingChecks, event.data],
        vetters: state.vetters.includes(officer.sub) ? state.vetters : [...state.vetters, officer.sub],
      };
    }
    case AgencyEventType.ApplicationRejected:
      return { ...state, status: 'rejected', history: [...state.history, { event: 'rejected', at: event.data.at, by: event.data.by, reason: event.data.reason }] };
    case AgencyEventType.LicenceIssued: {
      const { licenceNumber, validFrom, validUntil, approvedBy, at } = event.data;
      return {
        ...state,
        status: 'licensed',
        licence: { number: licenceNumber, validFrom, validUntil },
        history: [...state.history, { event: 'issued', at, by: approvedBy, validUntil }],
      };
    }
    case AgencyEventType.LicenceRenewed:
      return {
        ...state,
        status: 'licensed',
        licence: state.licence && { ...state.licence, validUntil: event.data.validUntil },
        history: [...state.history, { event: 'renewed', at: event.data.at, by: event.data.by, validUntil: event.data.validUntil }],
      };
    case AgencyEventType.LicenceSuspended: {
      const { reason, until, by, at } = event.data;
      return {
        ...state,
        status: 'suspended',
        suspension: { reason, ...(until ? { until } : {}), at },
        history: [...state.history, { event: 'suspended', at, by, reason, ...(until ? { until } : {}) }],
      };
    }
    case AgencyEventType.LicenceReinstated:
      return { ...state, status: 'licensed', suspension: null, history: [...state.history, { event: 'reinstated', at: event.data.at, by: event.data.by }] };
    case AgencyEventType.LicenceRevoked:
      return { ...state, status: 'revoked', suspension: null, history: [...state.history, { event: 'revoked', at: event.data.at, by: event.data.by, reason: event.data.reason }] };
    case AgencyEventType.LicenceExpired:
      return { ...state, status: 'expired', history: [...state.history, { event: 'expired', at: event.data.at, validUntil: event.data.validUntil }] };
    default:
      return state;
  }
}
