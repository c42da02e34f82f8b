/** People and an application the agency specifications share. */
import { applicationSchema, type RecordedApplication, recordedApplicationSchema } from './application.ts';
import type { Actor } from './events.ts';

export const agencyId = 'agency-1';
export const licenceNumber = 'NEA/PRA/2026/00001';
export const officer: Actor = { sub: 'officer-1', name: 'Achieng Otieno' };
export const secondOfficer: Actor = { sub: 'officer-2', name: 'Mutua Kilonzo' };
export const director: Actor = { sub: 'director-1', name: 'Njeri Wambui' };

/** A valid POST /agencies body, as sent. */
export const validApplicationBody = {
  name: 'Amani Overseas Recruiters Ltd',
  registrationNumber: 'PVT-2024-001',
  kraPin: 'P051234567X',
  county: 'Nairobi',
  physicalAddress: 'Moi Avenue, Nairobi',
  phone: '+254712345678',
  email: 'info@amani.example',
  directors: [{ fullName: 'Wanjiru Kamau', nationalId: '29384756', nationality: 'KE' }],
  guarantee: { kind: 'bank', issuer: 'KCB Bank', reference: 'BG-2024-77', amountKes: 1_500_000 },
};

/**
 * Wanjiru Kamau as the application layer hands her to the decider: a data subject, the fingerprint of her
 * national ID, her nationality, and her name and ID sealed (opaque to the domain).
 */
export const sealedDirector = {
  subject: 'director:Yk3q9ZL0c1mX8vTQ2aRw5sNe7uJh4dPo',
  fingerprints: ['Yk3q9ZL0c1mX8vTQ2aRw5sNe7uJh4dPo'],
  nationality: 'KE',
  sealed: 'pd1.aXYtb2Ytd2Fuaml.c2VhbGVkLW5hbWUtYW5kLWlk',
};

/** The same application, as the domain records it: its director sealed. */
export const application: RecordedApplication = recordedApplicationSchema.parse({
  ...applicationSchema.parse(validApplicationBody),
  directors: [sealedDirector],
});

/** What a recorded agency may never hold in the clear (validApplicationBody's director). */
export const directorInClear = ['Wanjiru Kamau', '29384756'];
