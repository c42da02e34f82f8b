import { type Opened, type PersonalDataVault, SubjectErasedError } from '@kazi/personal-data';
import type { SealedText } from '../domain/index.ts';

/** One data subject per case: the worker it is about (a worker with two cases is two subjects). */
export const workerSubjectOf = (caseId: string): string => `worker:${caseId}`;

/**
 * Where a sealed value of a case is kept: the vault binds each value to its case and field, so one copied
 * to another case or field does not open. The text of a change (a note, a reason, a closure note) is bound
 * to the change's updateId, which the case keeps with it.
 */
export type SealedField = 'worker' | 'summary' | 'erasure.reason' | `update.${string}`;

export const changeTextField = (updateId: string): SealedField => `update.${updateId}`;

/**
 * The one way the attaché-cases service seals and opens what identifies a worker or speaks about them:
 * everything under the worker's own key (subject `worker:<case id>`), which erasure destroys. The only
 * caller of the vault's seal and open.
 */
export class WorkerSealing {
  constructor(private readonly vault: PersonalDataVault) {}

  seal(caseId: string, field: SealedField, value: unknown): Promise<string> {
    // Only the opening seals first: every later text of an attaché's case finds the key the opening made
    // (one read in a process that does not hold it, not a refused create and a read).
    return this.vault.seal(
      workerSubjectOf(caseId),
      value,
      { record: caseId, field },
      { keyLikelyExists: field !== 'worker' && field !== 'summary' },
    );
  }

  open<T>(caseId: string, field: SealedField, sealed: string): Promise<Opened<T>> {
    return this.vault.open<T>(workerSubjectOf(caseId), sealed, { record: caseId, field });
  }

  /**
   * A free text (or the worker's details), sealed; undefined when there is none, or when the worker's data
   * is already erased: there is no key left to keep it under (and none is made again).
   */
  async sealText(caseId: string, field: SealedField, value: unknown): Promise<SealedText | undefined> {
    if (value === undefined) return undefined;
    try {
      return { sealed: await this.seal(caseId, field, value) };
    } catch (error) {
      if (error instanceof SubjectErasedError) return undefined;
      throw error;
    }
  }

  /** A stored free text as a reader sees it: null when there is none or it was erased. */
  async openText(caseId: string, field: SealedField, text: SealedText | undefined): Promise<string | null> {
    if (text === undefined) return null;
    const opened = await this.open<string>(caseId, field, text.sealed);
    return opened.erased ? null : opened.value;
  }

  /** Destroys the worker's key: every value sealed for them reads as erased from now on. */
  erase(caseId: string): Promise<void> {
    return this.vault.erase(workerSubjectOf(caseId));
  }
}
