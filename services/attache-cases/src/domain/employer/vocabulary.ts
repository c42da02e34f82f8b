/** The words of employers abroad (docs/design/domain.md): what an attaché's vetting concludes, and who may conclude it. */
export const VETTING_OUTCOMES = ['cleared', 'flagged', 'blacklisted'] as const;

/** An employer nobody has vetted yet is `unvetted`; afterwards its latest vetting's outcome. */
export const EMPLOYER_STATUSES = ['unvetted', ...VETTING_OUTCOMES] as const;

/** Who vets: an attaché of a mission, or an NEA director (who may lift a blacklisting alone). */
export const VETTING_ROLES = ['labour-attache', 'nea-director'] as const;

export type VettingOutcome = (typeof VETTING_OUTCOMES)[number];
export type EmployerStatus = (typeof EMPLOYER_STATUSES)[number];
export type VettingRole = (typeof VETTING_ROLES)[number];
