import { type Actor, actorSchema, type Decider, DomainError, type EventsOf } from '@kazi/core';
import { z } from 'zod';

/**
 * A director's notes that an agency on the watchlist was inspected: one stream per agency
 * (`agency-inspection.<agencyId>`), so the watchlist can show when each was last looked at. The agency
 * is an organisation and the note a director's own words about it: no personal data of workers.
 */
export const InspectionEventType = {
  Noted: 'ke.nea.oversight.agency-inspection-noted.v1',
} as const;

const isoDate = z.iso.date();

export const inspectionEventSchemas = {
  [InspectionEventType.Noted]: z.object({
    agencyId: z.string().min(1),
    inspectedOn: isoDate,
    note: z.string().optional(),
    actor: actorSchema,
    at: z.iso.datetime({ offset: true }),
  }),
} as const;

export type InspectionEvent = EventsOf<typeof inspectionEventSchemas>;

export interface NoteInspection {
  type: 'NoteInspection';
  agencyId: string;
  inspectedOn: string;
  note?: string | undefined;
  actor: Actor;
  now: string;
}

export type InspectionCommand = NoteInspection;

export interface InspectionNote {
  inspectedOn: string;
  note?: string;
  by: string;
  at: string;
}

export interface InspectionState {
  agencyId?: string;
  /** Newest first; the watchlist shows the latest, the history is kept in the stream. */
  notes: InspectionNote[];
}

/** Kept in the state: enough for the watchlist and the director's recent history. */
const NOTES_KEPT = 20;

/** The day in Nairobi (UTC+3 all year) of an instant: "inspected on" is a Kenyan date. */
const nairobiDate = (at: string): string =>
  new Date(Date.parse(at) + 3 * 3_600_000).toISOString().slice(0, 10);

function noteInspection(command: NoteInspection): InspectionEvent[] {
  if (command.inspectedOn > nairobiDate(command.now)) {
    throw new DomainError(
      'inspection-in-future',
      `an inspection on ${command.inspectedOn} has not happened yet`,
      'invalid',
    );
  }
  return [
    {
      type: InspectionEventType.Noted,
      data: {
        agencyId: command.agencyId,
        inspectedOn: command.inspectedOn,
        ...(command.note === undefined ? {} : { note: command.note }),
        actor: command.actor,
        at: command.now,
      },
    },
  ];
}

export const inspectionDecider: Decider<InspectionState, InspectionCommand, InspectionEvent> = {
  initialState: () => ({ notes: [] }),
  decide(command, _state) {
    switch (command.type) {
      case 'NoteInspection':
        return noteInspection(command);
      default: {
        const unknown: never = command.type;
        throw new Error(`unknown command ${String(unknown)}`);
      }
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case InspectionEventType.Noted: {
        const { agencyId, inspectedOn, note, actor, at } = event.data;
        const entry: InspectionNote = { inspectedOn, by: actor.name, at, ...(note ? { note } : {}) };
        // Ordered by the day inspected, newest first: a late note of an older visit goes below.
        const notes = [entry, ...state.notes]
          .sort((a, b) => b.inspectedOn.localeCompare(a.inspectedOn) || b.at.localeCompare(a.at))
          .slice(0, NOTES_KEPT);
        return { agencyId, notes };
      }
      default:
        return state;
    }
  },
};
