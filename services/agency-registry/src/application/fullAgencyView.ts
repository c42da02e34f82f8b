import type { Opened } from '@kazi/personal-data';
import type { AgencyState, DirectorPersonalData } from '../domain/agency/index.ts';
import { directorIds } from './directorFingerprint.ts';

/**
 * The full view of an agency, as NEA's officers and directors read it (agencyViews.ts): the application,
 * flags, vetting checks, licence history and directors' erasures. Directors come opened (`directors[i]`
 * opens `state.application.directors[i]`). A director whose key was destroyed shows as erased, and keeps
 * only their nationality. A flag names the matching director and the id that matched, found again by its
 * fingerprint. `erasureNotes[i]` is the opened note of `state.directorErasures[i]`.
 */
export function toFullAgencyView(
  state: AgencyState,
  directors: Opened<DirectorPersonalData>[],
  erasureNotes: (string | null)[],
  fingerprint: (directorId: string) => string,
) {
  const application = state.application;
  if (!state.id || !state.status || !application) throw new Error('toFullAgencyView needs a recorded agency');
  const personal = (i: number) => {
    const opened = directors[i];
    return opened && !opened.erased ? opened.value : undefined;
  };
  return {
    view: 'full' as const,
    id: state.id,
    status: state.status,
    ...application,
    directors: application.directors.map((d, i) => {
      const p = personal(i);
      return {
        fullName: p?.fullName ?? null,
        nationalId: p?.nationalId ?? null,
        passportNumber: p?.passportNumber ?? null,
        nationality: d.nationality,
        erased: p === undefined,
      };
    }),
    associationMembership: application.associationMembership ?? null,
    flags: state.flags.map((f) => {
      const p = personal(f.directorIndex);
      return {
        kind: f.kind,
        revokedAgencyId: f.revokedAgencyId,
        revokedAgencyName: f.revokedAgencyName,
        directorIndex: f.directorIndex,
        director: (p && directorIds(p).find((id) => fingerprint(id) === f.fingerprint)) ?? null,
      };
    }),
    recordedBy: state.recordedBy,
    recordedAt: state.recordedAt ?? '',
    vettingChecks: state.vettingChecks.map((c) => ({ ...c, note: c.note ?? null })),
    licence: state.licence,
    suspension: state.suspension,
    licenceHistory: state.history,
    directorErasures: state.directorErasures.map((e, i) => ({
      directorIndex: e.directorIndex,
      reason: e.reason,
      note: erasureNotes[i] ?? null,
      by: e.by,
      at: e.at,
    })),
  };
}

export type FullAgencyView = ReturnType<typeof toFullAgencyView>;
