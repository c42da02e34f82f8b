import { NEA_ROLES } from '@kazi/service-kit';

/** Who may call the BLMA routes: the Ministry's BLMA desk writes. */
export const WRITER = { auth: { roles: ['mol-officer'] } } as const;

/** The Ministry, NEA, analysts and attachés read; an attaché only their mission's country's agreements. */
export const READERS = {
  auth: { roles: ['mol-officer', ...NEA_ROLES, 'analyst', 'labour-attache'] },
} as const;
