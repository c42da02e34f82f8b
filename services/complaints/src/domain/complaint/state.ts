import type { Actor } from '@kazi/core';
import type { z } from 'zod';
import type { ComplaintEventType, complaintEventDataSchemas, FreeText, Remedy } from './events.ts';
import type { ComplaintStatus, ReferralTarget, Severity } from './vocabulary.ts';

type LodgedEvent = z.output<(typeof complaintEventDataSchemas)[typeof ComplaintEventType.Lodged]>;

/**
 * Free text in the state: sealed, clear (from a v1 event) or, once the complainant's data is erased, a
 * clear text dropped: so a snapshot taken after an erasure holds no readable text about the complainant.
 */
export type StoredText = FreeText | { erased: true };

type Lodged = Omit<LodgedEvent, 'location' | 'employer'> & {
  location: { country: string; city?: StoredText };
  employer?: { name: StoredText; country: string };
};

export type StoredRemedy = Omit<Remedy, 'description'> & { description?: StoredText };

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
  note?: StoredText;
  by: Actor;
  at: string;
}

export interface HistoryEntry {
  event: string;
  at: string;
  by?: Actor;
  status: ComplaintStatus;
  reason?: StoredText;
}

/**
 * A complaint as the decider sees it. JSON-serialisable (snapshotted); a change of shape needs a new state
 * schema version in the composition root. Personal data and free text stay sealed here too.
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
  resolution: { outcome: string; remedy?: StoredRemedy; by: Actor; at: string } | null;
  erasure: { reason?: StoredText; by: Actor; at: string } | null;
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
