import { type PersonalDataVault, SubjectErasedError } from '@kazi/personal-data';
import type { SealedText, StoredText } from '../domain/complaint/index.ts';

export const subjectIdOf = (complaintId: string) => `complainant:${complaintId}`;

export type Opened<T> = { erased: false; value: T } | { erased: true };

/**
 * Where a sealed value of a complaint is kept: the vault binds each value to its complaint and field, so
 * one copied to another complaint or another field does not open. Notes are bound to their own id.
 */
export type SealedField =
  | 'complainant'
  | 'trackingPin'
  | 'location.city'
  | 'employer.name'
  | 'triage.reason'
  | 'referral.note'
  | 'remedy.description'
  | 'reopening.reason'
  | 'withdrawal.reason'
  | 'erasure.reason'
  | `note.${string}`;

/**
 * The one way the complaints service seals and opens what identifies a complainant or speaks about them:
 * everything under the complainant's own key (subject `complainant:<complaint id>`), which erasure
 * destroys. The only caller of the vault's seal and open.
 */
export class ComplainantSealing {
  constructor(private readonly vault: PersonalDataVault) {}

  seal(complaintId: string, field: SealedField, value: unknown): Promise<string> {
    return this.vault.seal(subjectIdOf(complaintId), value, { record: complaintId, field });
  }

  open<T>(complaintId: string, field: SealedField, sealed: string): Promise<Opened<T>> {
    return this.vault.open<T>(subjectIdOf(complaintId), sealed, { record: complaintId, field });
  }

  /**
   * A free text, sealed; undefined when there is none, or when the complainant's data is already erased:
   * text about them is then not kept at all, since no key is left to keep it under.
   */
  async sealText(
    complaintId: string,
    field: SealedField,
    text: string | undefined,
  ): Promise<SealedText | undefined> {
    if (text === undefined) return undefined;
    try {
      return { sealed: await this.seal(complaintId, field, text) };
    } catch (error) {
      if (error instanceof SubjectErasedError) return undefined;
      throw error;
    }
  }

  /** A stored free text as a reader sees it: null when there is none or it was erased. */
  async openText(
    complaintId: string,
    field: SealedField,
    text: StoredText | undefined,
  ): Promise<string | null> {
    if (text === undefined || 'erased' in text) return null;
    // A v1 event's clear text; the state drops it on erasure (evolve), so here it is still held.
    if ('clear' in text) return text.clear;
    const opened = await this.open<string>(complaintId, field, text.sealed);
    return opened.erased ? null : opened.value;
  }

  /** Destroys the complainant's key: every value sealed for them reads as erased from now on. */
  erase(complaintId: string): Promise<void> {
    return this.vault.erase(subjectIdOf(complaintId));
  }
}
