import { ForbiddenError, hasRole, type KaziUser, NEA_ROLES } from '@kazi/service-kit';
import type { ComplaintState } from '../domain/complaint/index.ts';
import type { ComplaintView } from './complaintViews.ts';

/**
 * Who may see or touch one complaint, and so which view of it they get (complaintViews.ts):
 * NEA officers and directors every complaint; a labour attaché only complaints referred to its mission's
 * country; a hotline account only the complaints it lodged. Someone who is two of these gets the first.
 */
export function viewOf(user: KaziUser, state: ComplaintState): ComplaintView | undefined {
  if (hasRole(user, ...NEA_ROLES)) return 'nea';
  if (
    hasRole(user, 'labour-attache') &&
    user.mission !== undefined &&
    state.referrals.some((r) => r.to === 'labour-attache' && r.country === user.mission)
  )
    return 'attache';
  if (hasRole(user, 'hotline') && state.lodged?.lodgedBy.sub === user.sub) return 'hotline';
  return undefined;
}

export const canAccess = (user: KaziUser, state: ComplaintState): boolean =>
  viewOf(user, state) !== undefined;

/** The caller's view of the complaint, or 403 when they have none. */
export function requireAccess(user: KaziUser, state: ComplaintState): ComplaintView {
  const view = viewOf(user, state);
  if (!view) {
    throw new ForbiddenError(
      'this complaint was neither lodged by you nor referred to your mission',
      'not-your-complaint',
    );
  }
  return view;
}
