import type { z } from 'zod';
import type { Actor, ComplaintEventType, complaintEventDataSchemas, Remedy } from './events.ts';
import type { ComplaintStatus, ReferralTarget, Severity } from './vocabulary.ts';

type Lodged = z.output<(typeof complaintEventDataSchemas)[typeof ComplaintEventType.Lodged]>;

export interface ComplaintNote {
  noteId: string;
  source: 'hotline' | 'officer';
  sealed: string;
  by: Actor;
  at: string;
}

export interface Referral {
  to: ReferralTarget;
  country: string;
  note?: string;
  by: Actor;
  at: string;
}

export interface HistoryEntry {
  event: string;
  at: string;
  by?: Actor;
  status: ComplaintStatus;
  reason?: string;
}

/**
 * A complaint as the decider sees it. JSON-serialisable (snapshotted); a change of shape needs a new state
 * schema version in the composition root. Personal data stays sealed here too.
 */
export interface ComplaintState {
  /** null until lodged: the complaint does not exist. */
  status: ComplaintStatus | null;
  lodged: Lodged | null;
  categories: Lodged['categories'];
  indicators: Lodged['indicators'];
  traffickingSuspected: boolean;
  severity: Severity | null;
  /** When the current response period began: lodging or the last reopening. */
  deadlineFrom: string | null;
  /** Deadline for the first response since lodging or the last reopening. */
  respondBy: string | null;
  /** When someone took it on (assignment, referral, resolution, withdrawal) since then; null before. */
  respondedAt: string | null;
  /**
   * The deadlines of this response period already reported overdue, so each breached deadline is reported
   * once, also when triage moves the deadline away and back again.
   */
  overdueReported: string[];
  assignee: string | null;
  notes: ComplaintNote[];
  referrals: Referral[];
  resolution: { outcome: string; remedy?: Remedy; by: Actor; at: string } | null;
  erasure: { reason: string; by: Actor; at: string } | null;
  /** Time of the last event: the "last update" the public status shows. */
  updatedAt: string | null;
  history: HistoryEntry[];
}

export const initialComplaintState = (): ComplaintState => ({
  status: null,
  lodged: null,
  categories: [],
  indicators: [],
  traffickingSuspected: false,
  severity: null,
  deadlineFrom: null,
  respondBy: null,
  respondedAt: null,
  overdueReported: [],
  assignee: null,
  notes: [],
  referrals: [],
  resolution: null,
  erasure: null,
  updatedAt: null,
  history: [],
});
