import { assertNever, DomainError } from '@kazi/eventsourcing';
import type { AgencyCommand } from './commands.ts';
import { dateOf, lapsesAt, validUntilFor } from './dates.ts';
import { type AgencyEvent, AgencyEventType as E } from './events.ts';
import type { AgencyState, AgencyStatus } from './state.ts';

export const VETTING_CHECK_NAMES = [
  'business-registration',
  'tax-compliance',
  'directors-police-clearance',
  'office-inspection',
  'security-guarantee',
  'association-membership',
  'code-of-conduct',
] as const;

/** The registry's rules. Each refusal is a DomainError whose `type` names the rule. */
export function decideAgency(command: AgencyCommand, state: AgencyState): AgencyEvent[] {
  if (command.type === 'RecordApplication') return recordApplication(command, state);
  if (state.status === null) throw new DomainError('agency-not-found', 'no such agency', 409);
  if (state.status === 'revoked') {
    if (command.type === 'ExpireLicence') return [];
    throw new DomainError('agency-revoked', 'the agency is revoked; revocation is final', 409);
  }
  switch (command.type) {
    case 'RecordVettingCheck':
      return recordVettingCheck(command, state);
    case 'ApproveLicence':
      return approveLicence(command, state);
    case 'RejectApplication':
      requireStatus(state, ['applied', 'under-vetting'], 'reject');
      return [{ type: E.ApplicationRejected, data: { reason: command.reason, by: command.actor, at: command.now } }];
    case 'RenewLicence':
      return renewLicence(command, state);
    case 'SuspendLicence':
      requireStatus(state, ['licensed'], 'suspend');
      if (command.until !== undefined && command.until <= dateOf(command.now)) {
        throw new DomainError('invalid-suspension-until', 'a suspension must end after today', 422);
      }
      return [{ type: E.LicenceSuspended, data: { reason: command.reason, ...(command.until ? { until: command.until } : {}), by: command.actor, at: command.now } }];
    case 'ReinstateLicence':
      requireStatus(state, ['suspended'], 'reinstate');
      return [{ type: E.LicenceReinstated, data: { by: command.actor, at: command.now } }];
    case 'RevokeLicence':
      requireStatus(state, ['licensed', 'suspended', 'expired'], 'revoke');
      return [{ type: E.LicenceRevoked, data: { reason: command.reason, by: command.actor, at: command.now } }];
    case 'ExpireLicence':
      if (state.status !== 'licensed' || !state.licence || command.now < lapsesAt(state.licence.validUntil)) return [];
      return [{ type: E.LicenceExpired, data: { licenceNumber: state.licence.number, validUntil: state.licence.validUntil, at: command.now } }];
    default:
      return assertNever(command);
  }
}

function recordApplication(command: Extract<AgencyCommand, { type: 'RecordApplication' }>, state: AgencyState): AgencyEvent[] {
  if (state.status !== null) throw new DomainError('agency-exists', 'this agency already has an application', 409);
  if (command.application.guarantee.amountKes < command.minGuaranteeKes) {
    throw new DomainError('guarantee-too-low', `the security guarantee must be at least KES ${command.minGuaranteeKes}`, 422, {
      minimumKes: command.minGuaranteeKes,
    });
  }
  return [
    {
      type: E.ApplicationRecorded,
      data: {
        ...command.application,
        agencyId: command.agencyId,
        flags: command.revokedDirectorMatches.map((m) => ({ kind: 'director-of-revoked-agency' as const, ...m })),
        recordedBy: command.actor,
        at: command.now,
      },
    },
  ];
}

function recordVettingCheck(command: Extract<AgencyCommand, { type: 'RecordVettingCheck' }>, state: AgencyState): AgencyEvent[] {
  if (state.status !== 'applied' && state.status !== 'under-vetting') {
    throw new DomainError('vetting-closed', `vetting is closed once the application is ${state.status}`, 409);
  }
  if (!(VETTING_CHECK_NAMES as readonly string[]).includes(command.check)) {
    throw new DomainError('unknown-vetting-check', `${command.check} is not a vetting check`, 422);
  }
  const { check, outcome, note, actor, now } = command;
  return [{ type: E.VettingCheckRecorded, data: { check, outcome, ...(note ? { note } : {}), officer: actor, at: now } }];
}

function approveLicence(command: Extract<AgencyCommand, { type: 'ApproveLicence' }>, state: AgencyState): AgencyEvent[] {
  requireStatus(state, ['applied', 'under-vetting'], 'approve');
  // The latest outcome of each check counts: a failed check can be redone and passed.
  const latest = new Map(state.vettingChecks.map((c) => [c.check, c.outcome]));
  const missing = command.rules.requiredChecks.filter((c) => !latest.has(c));
  const failed = command.rules.requiredChecks.filter((c) => latest.get(c) === 'fail');
  if (missing.length > 0 || failed.length > 0) {
    throw new DomainError('vetting-incomplete', 'every required vetting check must have passed', 422, { missing, failed });
  }
  if (state.vetters.includes(command.actor.sub)) {
    throw new DomainError('four-eyes-rule', 'an approver must not have vetted the same application', 409);
  }
  const validFrom = dateOf(command.now);
  return [
    {
      type: E.LicenceIssued,
      data: {
        agencyName: state.application?.name ?? '',
        registrationNumber: state.application?.registrationNumber ?? '',
        licenceNumber: command.licenceNumber,
        validFrom,
        validUntil: validUntilFor(validFrom, command.rules.validityMonths),
        approvedBy: command.actor,
        at: command.now,
      },
    },
  ];
}

function renewLicence(command: Extract<AgencyCommand, { type: 'RenewLicence' }>, state: AgencyState): AgencyEvent[] {
  requireStatus(state, ['licensed', 'expired'], 'renew');
  const licence = state.licence;
  if (!licence) throw new DomainError('invalid-transition', 'there is no licence to renew', 409);
  // A renewal extends from the later of today and the current end, so early renewal loses no days.
  const today = dateOf(command.now);
  const from = today > licence.validUntil ? today : dateOf(lapsesAt(licence.validUntil));
  return [
    {
      type: E.LicenceRenewed,
      data: { licenceNumber: licence.number, validUntil: validUntilFor(from, command.rules.validityMonths), by: command.actor, at: command.now },
    },
  ];
}

function requireStatus(state: AgencyState, allowed: AgencyStatus[], action: string): void {
  if (state.status === null || !allowed.includes(state.status)) {
    throw new DomainError('invalid-transition', `cannot ${action} an agency that is ${state.status ?? 'unknown'}`, 409, {
      status: state.status,
    });
  }
}
