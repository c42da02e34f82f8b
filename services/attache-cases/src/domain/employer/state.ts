import type { z } from 'zod';
import type { EmployerEventType, employerEventDataSchemas, VettingActor } from './events.ts';
import type { EmployerStatus, VettingOutcome } from './vocabulary.ts';

export type RegisteredFacts = z.output<
  (typeof employerEventDataSchemas)[typeof EmployerEventType.Registered]
>;

export interface VettingRecord {
  outcome: VettingOutcome;
  reason: string;
  by: VettingActor;
  at: string;
}

/** An employer as the decider sees it (JSON-serialisable, snapshotted). */
export interface EmployerState {
  /** null until registered: the employer does not exist. */
  status: EmployerStatus | null;
  registered: RegisteredFacts | null;
  /** Every vetting, oldest first: GET /employers/:id shows the history. */
  vettings: VettingRecord[];
  /** Who blacklisted it since it was last blacklisted (empty when it is not): none of them may lift it alone. */
  blacklistedBy: string[];
  updatedAt: string | null;
}

export const initialEmployerState = (): EmployerState => ({
  status: null,
  registered: null,
  vettings: [],
  blacklistedBy: [],
  updatedAt: null,
});
