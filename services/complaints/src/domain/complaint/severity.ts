import type { ComplaintCategory, ForcedLabourIndicator, Severity } from './vocabulary.ts';

/** Which ILO forced-labour indicators a complaint category points to (docs/design/domain.md: indicators drive severity). */
const INDICATORS_OF: Record<ComplaintCategory, readonly ForcedLabourIndicator[]> = {
  'withheld-wages': ['withholding-of-wages'],
  'document-confiscation': ['retention-of-identity-documents'],
  'contract-substitution': ['deception'],
  'recruitment-fees': ['debt-bondage'],
  'physical-abuse': ['physical-and-sexual-violence'],
  'sexual-abuse': ['physical-and-sexual-violence'],
  confinement: ['restriction-of-movement', 'isolation'],
  'excessive-hours': ['excessive-overtime'],
  'denied-medical-care': ['abusive-working-and-living-conditions'],
  'poor-living-conditions': ['abusive-working-and-living-conditions'],
  stranded: ['abuse-of-vulnerability'],
  death: [],
  'unlicensed-recruiter': ['deception'],
  other: [],
};

export function indicatorsOf(categories: readonly ComplaintCategory[]): ForcedLabourIndicator[] {
  return [...new Set(categories.flatMap((c) => INDICATORS_OF[c]))].sort();
}

/** Categories that are critical on their own: violence, confinement, a death. */
const CRITICAL_CATEGORIES: readonly ComplaintCategory[] = [
  'physical-abuse',
  'sexual-abuse',
  'confinement',
  'death',
];
const CRITICAL_INDICATORS: readonly ForcedLabourIndicator[] = [
  'physical-and-sexual-violence',
  'restriction-of-movement',
];

/**
 * Signs of trafficking among the indicators: deception or debt bondage in recruitment together with
 * coercion (documents retained, isolation, threats). Then the counter-trafficking mechanism is needed.
 */
export function showsTraffickingSigns(indicators: readonly ForcedLabourIndicator[]): boolean {
  const recruitment = indicators.includes('deception') || indicators.includes('debt-bondage');
  const coercion =
    indicators.includes('retention-of-identity-documents') ||
    indicators.includes('isolation') ||
    indicators.includes('intimidation-and-threats');
  return recruitment && coercion;
}

export interface SeverityRules {
  /** Categories that make a complaint `high` when nothing makes it critical (configuration). */
  highCategories: readonly ComplaintCategory[];
}

/**
 * The severity the rules give: critical for violence, confinement, a death, document confiscation with
 * confinement, or trafficking signs (and when an officer suspects trafficking); otherwise high for the
 * configured categories; otherwise normal.
 */
export function assessSeverity(
  input: {
    categories: readonly ComplaintCategory[];
    indicators: readonly ForcedLabourIndicator[];
    traffickingSuspected?: boolean;
  },
  rules: SeverityRules,
): Severity {
  if (input.traffickingSuspected) return 'critical';
  if (input.categories.some((c) => CRITICAL_CATEGORIES.includes(c))) return 'critical';
  if (input.indicators.some((i) => CRITICAL_INDICATORS.includes(i))) return 'critical';
  if (showsTraffickingSigns(input.indicators)) return 'critical';
  if (input.categories.some((c) => rules.highCategories.includes(c))) return 'high';
  return 'normal';
}

/** Hours to the first response per severity (configuration). */
export type ResponseHours = Record<Severity, number>;

export const responseDeadline = (from: string, severity: Severity, hours: ResponseHours): string =>
  new Date(Date.parse(from) + hours[severity] * 3_600_000).toISOString();
