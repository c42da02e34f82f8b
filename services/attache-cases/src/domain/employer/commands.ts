import type { Actor } from '@kazi/core';
import type { EmployerContact } from './events.ts';
import type { VettingOutcome, VettingRole } from './vocabulary.ts';

/** Commands carry the employer's id (chosen by the application), the actor and `now`. */
export interface RegisterEmployer {
  type: 'RegisterEmployer';
  employerId: string;
  name: string;
  country: string;
  registrationNumber?: string;
  contact?: EmployerContact;
  actor: Actor;
  now: string;
}

/**
 * A vetting: who acts (`actor`, as every command names them) in which capacity (`role`, and an attaché's
 * `mission`), which the application takes from the caller's token.
 */
export interface VetEmployer {
  type: 'VetEmployer';
  outcome: VettingOutcome;
  reason: string;
  role: VettingRole;
  mission?: string;
  actor: Actor;
  now: string;
}

export type EmployerCommand = RegisterEmployer | VetEmployer;
