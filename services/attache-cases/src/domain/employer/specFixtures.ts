/**
 * An employer's test data, written once: a POST /employers body, the registration, and the vettings of
 * two attachés of the Riyadh mission and an NEA director. Exported by the service's testing entry.
 */
import type { Actor } from '@kazi/core';
import type { RegisterEmployer, VetEmployer } from './commands.ts';
import { EmployerEventType as E, type EmployerEventOf, type VettingActor } from './events.ts';
import type { EmployerInput } from './input.ts';
import type { VettingOutcome } from './vocabulary.ts';

export const employerId = 'employer-1';
export const employerName = 'Al-Noor Household Services';
export const registeredAt = '2026-03-01T07:00:00.000Z';

export const registrar: Actor = { sub: 'attache-sa-1', name: 'Halima Yusuf' };
export const attacheSa: VettingActor = { ...registrar, role: 'labour-attache', mission: 'SA' };
export const secondAttacheSa: VettingActor = {
  sub: 'attache-sa-2',
  name: 'Otieno Barasa',
  role: 'labour-attache',
  mission: 'SA',
};
export const neaDirector: VettingActor = { sub: 'director-1', name: 'Njeri Wambui', role: 'nea-director' };

/** `n` days after the registration. */
export const employerDay = (n: number): string =>
  new Date(Date.parse(registeredAt) + n * 86_400_000).toISOString();

/** A valid POST /employers body; overrides replace whole top-level fields. */
export const employerBody = (overrides: Partial<Record<keyof EmployerInput, unknown>> = {}): EmployerInput =>
  ({
    name: employerName,
    country: 'SA',
    registrationNumber: 'CR-1010123456',
    contact: { phone: '+966112345678', email: 'hr@alnoor.example', address: 'King Fahd Road, Riyadh' },
    ...overrides,
  }) as EmployerInput;

export const register = (overrides: Partial<Omit<RegisterEmployer, 'type'>> = {}): RegisterEmployer => ({
  type: 'RegisterEmployer',
  employerId,
  name: employerName,
  country: 'SA',
  registrationNumber: 'CR-1010123456',
  contact: { phone: '+966112345678', email: 'hr@alnoor.example', address: 'King Fahd Road, Riyadh' },
  actor: registrar,
  now: registeredAt,
  ...overrides,
});

export const registered = (
  overrides: Partial<EmployerEventOf<'Registered'>['data']> = {},
): EmployerEventOf<'Registered'> => ({
  type: E.Registered,
  data: {
    employerId,
    name: employerName,
    country: 'SA',
    registrationNumber: 'CR-1010123456',
    contact: { phone: '+966112345678', email: 'hr@alnoor.example', address: 'King Fahd Road, Riyadh' },
    registeredBy: registrar,
    at: registeredAt,
    ...overrides,
  },
});

export const registeredEvent = registered();

const reasons: Record<VettingOutcome, string> = {
  cleared: 'contracts and pay slips in order',
  flagged: 'two workers report late wages',
  blacklisted: 'passports confiscated, confirmed by the labour office',
};

export const vet = (
  now: string,
  outcome: VettingOutcome,
  actor: VettingActor = attacheSa,
  reason = reasons[outcome],
): VetEmployer => {
  const { role, mission, ...who } = actor;
  return { type: 'VetEmployer', outcome, reason, role, ...(mission ? { mission } : {}), actor: who, now };
};

export const vetted = (
  at: string,
  outcome: VettingOutcome,
  by: VettingActor = attacheSa,
  reason = reasons[outcome],
): EmployerEventOf<'Vetted'> => ({
  type: E.Vetted,
  data: { outcome, reason, name: employerName, country: 'SA', by, at },
});
