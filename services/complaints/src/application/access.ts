import { ForbiddenError, hasRole, type KaziUser, NEA_ROLES } from '@kazi/service-kit';
import type { ComplaintState } from '../domain/complaint/index.ts';

/**
 * Who may see or touch one complaint (issue 3): NEA officers and directors every complaint; a hotline
 * account only the complaints it lodged; a labour attaché only complaints referred to its mission's country.
 */
export function canAccess(user: KaziUser, state: ComplaintState): boolean {
  if (hasRole(user, ...NEA_ROLES)) return true;
  if (hasRole(user, 'hotline') && state.lodged?.lodgedBy.sub === user.sub) return true;
  if (hasRole(user, 'labour-attache') && user.mission !== undefined) {
    return state.referrals.some((r) => r.to === 'labour-attache' && r.country === user.mission);
  }
  return false;
}

export function requireAccess(user: KaziUser, state: ComplaintState): void {
  if (!canAccess(user, state)) {
    throw new ForbiddenError(
      'this complaint was neither lodged by you nor referred to your mission',
      'not-your-complaint',
    );
  }
}
