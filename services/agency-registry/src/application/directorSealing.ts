import type { Opened, PersonalDataVault } from '@kazi/personal-data';
import type { DirectorPersonalData, SealedDirector } from '../domain/agency/index.ts';

/**
 * Every seal and open of the registry's personal data, so a change of the vault's API is one edit here.
 * A director's name and ids are sealed under the director's own subject (`director:<fingerprint>`, one
 * person across agencies), bound to the agency's stream and the director's position in it. An erasure's
 * free-text note is sealed under a subject of its own, never under the erased director's key.
 */
export class DirectorSealing {
  constructor(private readonly vault: PersonalDataVault) {}

  sealDirector(agencyId: string, index: number, subject: string, personal: DirectorPersonalData) {
    return this.vault.seal(subject, personal, directorBinding(agencyId, index));
  }

  openDirector(
    agencyId: string,
    index: number,
    director: SealedDirector,
  ): Promise<Opened<DirectorPersonalData>> {
    return this.vault.open<DirectorPersonalData>(
      director.subject,
      director.sealed,
      directorBinding(agencyId, index),
    );
  }

  sealErasureNote(agencyId: string, index: number, note: string) {
    return this.vault.seal(erasureNoteSubject(agencyId, index), note, noteBinding(agencyId, index));
  }

  async openErasureNote(agencyId: string, index: number, sealed: string): Promise<string | null> {
    const opened = await this.vault.open<string>(
      erasureNoteSubject(agencyId, index),
      sealed,
      noteBinding(agencyId, index),
    );
    return opened.erased ? null : opened.value;
  }

  /** Destroys the director's key: everything ever sealed for them, in every agency, opens as erased. */
  eraseDirector(subject: string): Promise<void> {
    return this.vault.erase(subject);
  }
}

const record = (agencyId: string) => `agency.${agencyId}`;
const directorBinding = (agencyId: string, index: number) => ({
  record: record(agencyId),
  field: `directors.${index}`,
});
const noteBinding = (agencyId: string, index: number) => ({
  record: record(agencyId),
  field: `directorErasures.${index}.note`,
});

/** The note of one erasure has a key of its own, so it can be erased when its retention ends. */
export const erasureNoteSubject = (agencyId: string, index: number) =>
  `director-erasure:${agencyId}:${index}`;
