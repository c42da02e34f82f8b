import { assertNever, DomainError } from '@kazi/core';
import type { EmployerCommand, RegisterEmployer, VetEmployer } from './commands.ts';
import {
  EmployerEventType as E,
  type EmployerEvent,
  type EmployerEventOf,
  type VettingActor,
} from './events.ts';
import { EmployerErrorType } from './rules.ts';
import type { EmployerState } from './state.ts';

function registerEmployer(command: RegisterEmployer, state: EmployerState): [EmployerEventOf<'Registered'>] {
  if (state.status !== null) {
    throw new DomainError(
      EmployerErrorType.EmployerExists,
      'this employer is registered already',
      'conflict',
    );
  }
  const { employerId, name, country, registrationNumber, contact, actor, now } = command;
  return [
    {
      type: E.Registered,
      data: {
        employerId,
        name,
        country,
        ...(registrationNumber !== undefined ? { registrationNumber } : {}),
        ...(contact !== undefined ? { contact } : {}),
        registeredBy: actor,
        at: now,
      },
    },
  ];
}

/**
 * Records a vetting: cleared, flagged or blacklisted, with the reason, the attaché and their mission.
 * Four eyes: a blacklisting is lifted by an attaché who did not blacklist the employer, or by an NEA
 * director; one attaché alone cannot undo their own blacklisting (nor re-blacklist it to then lift it).
 */
function vetEmployer(command: VetEmployer, state: EmployerState): [EmployerEventOf<'Vetted'>] {
  if (state.registered === null) {
    throw new DomainError(EmployerErrorType.EmployerNotFound, 'no such employer', 'not-found');
  }
  const { outcome, reason, role, mission, now } = command;
  const actor: VettingActor = { ...command.actor, role, ...(mission !== undefined ? { mission } : {}) };
  if (actor.role === 'labour-attache' && actor.mission === undefined) {
    throw new DomainError(
      EmployerErrorType.MissionRequired,
      "an attaché's vetting names their mission",
      'invalid',
    );
  }
  const lifting = state.status === 'blacklisted' && outcome !== 'blacklisted';
  if (lifting && actor.role === 'labour-attache' && state.blacklistedBy.includes(actor.sub)) {
    throw new DomainError(
      EmployerErrorType.FourEyesRule,
      'whoever blacklisted this employer may not lift it: a second attaché or an NEA director must',
      'conflict',
    );
  }
  const { name, country } = state.registered;
  return [{ type: E.Vetted, data: { outcome, reason, name, country, by: actor, at: now } }];
}

export function decideEmployer(command: EmployerCommand, state: EmployerState): EmployerEvent[] {
  switch (command.type) {
    case 'RegisterEmployer':
      return registerEmployer(command, state);
    case 'VetEmployer':
      return vetEmployer(command, state);
    default:
      return assertNever(command);
  }
}
