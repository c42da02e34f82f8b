import { EmployerEventType as E, type EmployerEvent } from './events.ts';
import type { EmployerState } from './state.ts';

/** Folds one event into the state. Pure; never refuses (events are facts). */
export function evolveEmployer(state: EmployerState, event: EmployerEvent): EmployerState {
  const s = { ...state, updatedAt: event.data.at };
  switch (event.type) {
    case E.Registered:
      return { ...s, status: 'unvetted', registered: event.data };
    case E.Vetted: {
      const { outcome, reason, by, at } = event.data;
      return {
        ...s,
        status: outcome,
        vettings: [...s.vettings, { outcome, reason, by, at }],
        blacklistedBy: outcome === 'blacklisted' ? [...new Set([...s.blacklistedBy, by.sub])] : [],
      };
    }
    default: {
      const unhandled: never = event;
      void unhandled;
      return state;
    }
  }
}
