import type { Actor } from '@kazi/core';
import type { EmployerContact, VettingActor } from './events.ts';
import type { VettingOutcome } from './vocabulary.ts';

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

export interface VetEmployer {
  type: 'VetEmployer';
  outcome: VettingOutcome;
  reason: string;
  actor: VettingActor;
  now: string;
}

export type EmployerCommand = RegisterEmployer | VetEmployer;
