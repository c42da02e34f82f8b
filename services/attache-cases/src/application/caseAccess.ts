import { NotFoundError } from '@kazi/core';
import { hasRole, type KaziUser, NEA_ROLES } from '@kazi/service-kit';
import type { CaseState } from '../domain/index.ts';

/**
 * Which view of one case a caller gets (caseViews.ts): NEA officers and directors every case in full; a
 * labour attaché their own mission's cases in full; an analyst any case without personal data. Someone
 * who is several of these gets the first that applies.
 */
export type CaseView = 'full' | 'analyst';

const isAttacheOf = (user: KaziUser, state: CaseState): boolean =>
  hasRole(user, 'labour-attache') && user.mission !== undefined && user.mission === state.opened?.country;

export function caseViewOf(user: KaziUser, state: CaseState): CaseView | undefined {
  if (hasRole(user, ...NEA_ROLES) || isAttacheOf(user, state)) return 'full';
  if (hasRole(user, 'analyst')) return 'analyst';
  return undefined;
}

/**
 * The caller's view of the case. Another mission's case is a 404, the same as no case at all: the answer
 * says nothing of a case the caller may not see, not even that it exists.
 */
export function requireCaseView(user: KaziUser, caseId: string, state: CaseState): CaseView {
  const view = caseViewOf(user, state);
  if (view === undefined) throw new NotFoundError('case', caseId);
  return view;
}

/** Only the attachés of the case's mission change it; anyone else hears of no such case (404). */
export function requireCaseOfMission(user: KaziUser, caseId: string, state: CaseState): void {
  if (!isAttacheOf(user, state)) throw new NotFoundError('case', caseId);
}
