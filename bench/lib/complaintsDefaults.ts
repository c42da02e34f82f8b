/**
 * The complaints service's defaults the benchmark needs (the PIN hash cost, the severity and deadline
 * rules), read field by field from its config schema: parsing the whole schema would ask for its secrets.
 */
import { type ComplaintsConfig, complaintRulesOf, complaintsConfigSchema } from '@kazi/complaints';

const shape = complaintsConfigSchema.shape;

/** log2 of scrypt's N for tracking PINs, as the system hashes them by default. */
export const defaultPinHashCost = (): number => shape.TRACKING_PIN_HASH_COST.parse(undefined);

/** The default severity and response-deadline rules, as the system decides with them. */
export const defaultComplaintRules = () =>
  complaintRulesOf({
    HIGH_SEVERITY_CATEGORIES: shape.HIGH_SEVERITY_CATEGORIES.parse(undefined),
    RESPONSE_HOURS_CRITICAL: shape.RESPONSE_HOURS_CRITICAL.parse(undefined),
    RESPONSE_HOURS_HIGH: shape.RESPONSE_HOURS_HIGH.parse(undefined),
    RESPONSE_HOURS_NORMAL: shape.RESPONSE_HOURS_NORMAL.parse(undefined),
  } as ComplaintsConfig);
