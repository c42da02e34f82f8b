import { type ComplaintEvent, ComplaintEventType as E } from './events.ts';
import type { ComplaintState, HistoryEntry, StoredText } from './state.ts';
import type { ComplaintStatus } from './vocabulary.ts';

const ERASED = { erased: true } as const;
/** A clear text (from a v1 event) is dropped on erasure; sealed text needs nothing: its key is gone. */
const dropClear = (text: StoredText): StoredText => ('clear' in text ? ERASED : text);
const dropClearIn = <T extends { [K in F]?: StoredText }, F extends string>(item: T, field: F): T => {
  const text = item[field];
  return text === undefined ? item : { ...item, [field]: dropClear(text) };
};

/** The state after an erasure holds no readable free text, so neither does any later snapshot. */
function withoutClearText(state: ComplaintState): ComplaintState {
  const { lodged, resolution, erasure } = state;
  return {
    ...state,
    lodged: lodged && {
      ...lodged,
      location: dropClearIn(lodged.location, 'city'),
      ...(lodged.employer ? { employer: dropClearIn(lodged.employer, 'name') } : {}),
    },
    history: state.history.map((h) => dropClearIn(h, 'reason')),
    referrals: state.referrals.map((r) => dropClearIn(r, 'note')),
    resolution: resolution && {
      ...resolution,
      ...(resolution.remedy ? { remedy: dropClearIn(resolution.remedy, 'description') } : {}),
    },
    erasure: erasure && dropClearIn(erasure, 'reason'),
  };
}

const entry = (
  state: ComplaintState,
  status: ComplaintStatus,
  e: Omit<HistoryEntry, 'status'>,
): HistoryEntry[] => [...state.history, { ...e, status }];

/** Folds one event into the state. Pure; never refuses (events are facts). */
export function evolveComplaint(state: ComplaintState, event: ComplaintEvent): ComplaintState {
  const s = { ...state, updatedAt: event.data.at };
  switch (event.type) {
    case E.Lodged: {
      const d = event.data;
      return {
        ...s,
        status: 'lodged',
        lodged: d,
        categories: d.categories,
        indicators: d.indicators,
        severity: d.severity,
        deadlineFrom: d.at,
        respondBy: d.respondBy,
        history: entry(s, 'lodged', { event: 'lodged', at: d.at, by: d.lodgedBy }),
      };
    }
    case E.Triaged: {
      const d = event.data;
      const status = s.status === 'lodged' ? 'triaged' : (s.status ?? 'triaged');
      return {
        ...s,
        status,
        categories: d.categories,
        indicators: d.indicators,
        traffickingSuspected: d.traffickingSuspected,
        severity: d.severity,
        respondBy: d.respondBy,
        history: entry(s, status, {
          event: 'triaged',
          at: d.at,
          by: d.by,
          ...(d.reason ? { reason: d.reason } : {}),
        }),
      };
    }
    case E.Assigned: {
      const d = event.data;
      // Assigning a referred complaint (to follow the referral up) keeps it referred.
      const status = s.status === 'referred' ? 'referred' : 'assigned';
      return {
        ...s,
        status,
        assignee: d.assignee,
        respondedAt: s.respondedAt ?? d.at,
        history: entry(s, status, { event: 'assigned', at: d.at, by: d.by }),
      };
    }
    case E.NoteAdded: {
      const d = event.data;
      return { ...s, notes: [...s.notes, d] };
    }
    case E.Referred: {
      const d = event.data;
      return {
        ...s,
        status: 'referred',
        referrals: [...s.referrals, d],
        respondedAt: s.respondedAt ?? d.at,
        history: entry(s, 'referred', { event: 'referred', at: d.at, by: d.by }),
      };
    }
    case E.Resolved: {
      const d = event.data;
      return {
        ...s,
        status: 'resolved',
        resolution: d,
        respondedAt: s.respondedAt ?? d.at,
        history: entry(s, 'resolved', { event: 'resolved', at: d.at, by: d.by }),
      };
    }
    case E.Closed: {
      const d = event.data;
      return { ...s, status: 'closed', history: entry(s, 'closed', { event: 'closed', at: d.at, by: d.by }) };
    }
    case E.Reopened: {
      const d = event.data;
      return {
        ...s,
        status: 'reopened',
        resolution: null,
        deadlineFrom: d.at,
        respondBy: d.respondBy,
        respondedAt: null,
        overdueReported: [],
        history: entry(s, 'reopened', {
          event: 'reopened',
          at: d.at,
          by: d.by,
          ...(d.reason ? { reason: d.reason } : {}),
        }),
      };
    }
    case E.Withdrawn: {
      const d = event.data;
      return {
        ...s,
        status: 'withdrawn',
        respondedAt: s.respondedAt ?? d.at,
        history: entry(s, 'withdrawn', {
          event: 'withdrawn',
          at: d.at,
          by: d.by,
          ...(d.reason ? { reason: d.reason } : {}),
        }),
      };
    }
    case E.ResponseOverdue:
      // Not a change of status, and not what a caller would call an update.
      return { ...state, overdueReported: [...state.overdueReported, event.data.respondBy] };
    case E.ComplainantDataErased: {
      const d = event.data;
      return withoutClearText({
        ...s,
        erasure: { ...(d.reason ? { reason: d.reason } : {}), by: d.by, at: d.at },
        history: entry(s, s.status ?? 'lodged', { event: 'complainant-data-erased', at: d.at, by: d.by }),
      });
    }
    default: {
      const unhandled: never = event;
      void unhandled;
      return state;
    }
  }
}
