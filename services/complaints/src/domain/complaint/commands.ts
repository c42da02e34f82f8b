import type { Actor } from '@kazi/core';
import type { AgencyCandidate, Remedy, SealedText } from './events.ts';
import type { LodgingInput } from './lodging.ts';
import type { ResponseHours, SeverityRules } from './severity.ts';
import type { ComplaintCategory, ForcedLabourIndicator, ReferralTarget, Severity } from './vocabulary.ts';

/**
 * Commands carry everything decided outside the pure core: ids, the reference, the sealed personal data
 * and free text, the PIN hash, what the agency view knew, configuration, and `now`. A free text the
 * caller gave is absent here when the complainant's data was already erased: no key is left to seal it.
 */
interface Acted {
  actor: Actor;
  now: string;
}

export interface ComplaintRules extends SeverityRules {
  responseHours: ResponseHours;
}

export interface LodgeComplaint extends Acted {
  type: 'LodgeComplaint';
  complaintId: string;
  reference: string;
  channel: 'hotline' | 'nea-officer';
  input: Omit<LodgingInput, 'complainant' | 'narrative' | 'location' | 'employer'> & {
    complainant: Pick<LodgingInput['complainant'], 'sex' | 'dateOfBirth' | 'ageBand'>;
    location: { country: string; city?: SealedText };
    employer?: { name: SealedText; country: string };
  };
  subjectId: string;
  sealed: string;
  trackingPinHash: string;
  /** From the complaints service's own view of the registry; undefined when no agency id was given. */
  agency: { known: boolean; status?: string; name?: string } | undefined;
  candidates: AgencyCandidate[];
  rules: ComplaintRules;
}

export interface TriageComplaint extends Acted {
  type: 'TriageComplaint';
  categories?: ComplaintCategory[];
  indicators?: ForcedLabourIndicator[];
  traffickingSuspected?: boolean;
  /** An officer's override; without it the rules assess the severity from categories and indicators. */
  severity?: Severity;
  reason?: SealedText;
  rules: ComplaintRules;
}

export interface AssignComplaint extends Acted {
  type: 'AssignComplaint';
  assignee: string;
}

export interface AddNote extends Acted {
  type: 'AddNote';
  noteId: string;
  source: 'hotline' | 'officer';
  sealed: string;
}

export interface ReferComplaint extends Acted {
  type: 'ReferComplaint';
  to: ReferralTarget;
  /** Defaults to the country where the worker is. */
  country?: string;
  note?: SealedText;
}

export interface ResolveComplaint extends Acted {
  type: 'ResolveComplaint';
  outcome: string;
  remedy?: Omit<Remedy, 'description'> & { description?: SealedText };
}

export interface CloseComplaint extends Acted {
  type: 'CloseComplaint';
}

export interface ReopenComplaint extends Acted {
  type: 'ReopenComplaint';
  reason?: SealedText;
  rules: ComplaintRules;
}

export interface WithdrawComplaint extends Acted {
  type: 'WithdrawComplaint';
  reason?: SealedText;
}

export interface EraseComplainantData extends Acted {
  type: 'EraseComplainantData';
  reason?: SealedText;
}

/** From the clock-driven sweep: reports a breached response deadline once; otherwise nothing. */
export interface FlagResponseOverdue {
  type: 'FlagResponseOverdue';
  now: string;
}

export type ComplaintCommand =
  | LodgeComplaint
  | TriageComplaint
  | AssignComplaint
  | AddNote
  | ReferComplaint
  | ResolveComplaint
  | CloseComplaint
  | ReopenComplaint
  | WithdrawComplaint
  | EraseComplainantData
  | FlagResponseOverdue;
