import type { Actor } from '@kazi/core';
import type { EmployerStatus } from '../employer/vocabulary.ts';
import type { CaseAction, SealedText } from './events.ts';
import type { AgeBand, CaseType, ClosureOutcome, Sex } from './vocabulary.ts';

/**
 * Commands carry everything decided outside the pure core: the case id, the sealed personal data and free
 * text, what the employer view knew, the request's fingerprint, and `now`. A free text the caller gave is
 * absent here when the worker's data was already erased: no key is left to seal it.
 */
interface Acted {
  actor: Actor;
  now: string;
}

/**
 * A change to an open case, as an attaché's app sends it over a poor connection: `updateId` is made by the
 * client, once per change, and sent again with every retry. `fingerprint` is the application's digest of
 * the request as the client sent it (before defaults such as today's date, and keyed, so that it holds
 * nothing readable): a retry has the same one whenever it arrives, another request under the same
 * `updateId` a different one.
 */
export interface CaseChange extends Acted {
  updateId: string;
  fingerprint: string;
}

/** What the employer view knew of a registered employer the case names; null: no employer has that id. */
export interface RegisteredEmployer {
  name: string;
  country: string;
  status: EmployerStatus;
}

export interface OpenCase extends Acted {
  type: 'OpenCase';
  /**
   * Chosen by the application: new for an attaché's POST, derived from the complaint id for a case opened
   * from a referral, so a redelivered referral opens the same case once.
   */
  caseId: string;
  caseType: CaseType;
  /** The mission. */
  country: string;
  complaintId?: string;
  /**
   * For an attaché who names a complaint: whether it was referred to the labour attaché of this mission,
   * as the complaints service's events told this service (the application looks it up). Left out by the
   * opening a referral itself causes.
   */
  complaintReferredHere?: boolean;
  worker: {
    subjectId: string;
    /** The worker's personal data, sealed; absent for a case opened from a referral. */
    sealed?: string;
    sex: Sex;
    /** Only to reduce it to its age band: the date itself is in `sealed`. */
    dateOfBirth?: string;
    ageBand?: AgeBand;
    occupation?: string;
  };
  employer?:
    | { employerId: string; registered: RegisteredEmployer | null }
    | { name: string; country: string };
  summary?: SealedText;
}

/** An action on the case (a note, a hearing, a shelter admission…); `date` is the day it happened. */
export interface RecordCaseUpdate extends CaseChange {
  type: 'RecordCaseUpdate';
  action: CaseAction;
}

/** The repatriation reached a stage on `date`; arrival says whether it was safe and dignified. */
export type RecordRepatriationStage = CaseChange & {
  type: 'RecordRepatriationStage';
  date: string;
} & (
    | { stage: 'planned' | 'documents-ready' | 'departed' }
    | { stage: 'arrived'; safeAndDignified: boolean }
    /** The reason is absent only when the worker's data was already erased. */
    | { stage: 'abandoned'; reason?: SealedText }
  );

export interface CloseCase extends CaseChange {
  type: 'CloseCase';
  outcome: ClosureOutcome;
  note?: SealedText;
}

/**
 * The worker's details after the opening (a referred case has none; a correction replaces them). The
 * date of birth comes in only to be reduced to an age band: the date itself is in `sealed`.
 */
export interface RecordWorkerDetails extends CaseChange {
  type: 'RecordWorkerDetails';
  worker: {
    sealed: string;
    sex: Sex;
    dateOfBirth?: string;
    ageBand?: AgeBand;
    occupation?: string;
  };
}

/** Recorded after the worker's key is destroyed (by an NEA director, as for complaints). */
export interface EraseWorkerData extends Acted {
  type: 'EraseWorkerData';
  reason?: SealedText;
}

export type CaseCommand =
  | OpenCase
  | RecordCaseUpdate
  | RecordRepatriationStage
  | CloseCase
  | RecordWorkerDetails
  | EraseWorkerData;
