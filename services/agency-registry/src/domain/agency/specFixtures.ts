/** People and an application the agency specifications share. */
import { applicationSchema } from './application.ts';
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
  directors: [{ fullName: 'Wanjiru Kamau', nationalId: '12345678', nationality: 'KE' }],
  guarantee: { kind: 'bank', issuer: 'KCB Bank', reference: 'BG-2024-77', amountKes: 1_500_000 },
};

/** The same application, as the domain records it. */
export const application = applicationSchema.parse(validApplicationBody);
