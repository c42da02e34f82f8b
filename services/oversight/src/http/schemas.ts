import { countryCodeSchema } from '@kazi/contracts';
import { z } from 'zod';
import { DIMENSIONS, type Dimension } from '../queries/indicators.ts';

export const WATCHLIST_MAX_LIMIT = 100;

export const agencyParams = z.object({ id: z.uuid('must be an agency id (uuid)') }).strict();
export const missionParams = z.object({ country: countryCodeSchema }).strict();
export const projectionParams = z
  .object({ name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a projection name') })
  .strict();

export const watchlistQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(WATCHLIST_MAX_LIMIT).default(20),
    cursor: z.string().max(1000).optional(),
  })
  .strict();

export const inspectionBody = z
  .object({
    /** The day of the visit (Nairobi date), today or earlier. */
    inspectedOn: z.iso.date(),
    note: z.string().trim().min(1).max(2000).optional(),
  })
  .strict();

/** An instant, or a day meaning its end in Nairobi (the state of the log when that day was over). */
const asOfSchema = z.union([
  z.iso.datetime({ offset: true }),
  z.iso.date().transform((day) => `${day}T23:59:59.999+03:00`),
]);

const byList = z
  .string()
  .max(200)
  .transform((text) =>
    text
      .split(',')
      .map((d) => d.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(z.enum(DIMENSIONS))
      .max(DIMENSIONS.length)
      .refine((dims) => new Set(dims).size === dims.length, 'names a dimension twice'),
  );

export const indicatorsQuery = z
  .object({
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    by: byList.optional(),
    asOf: asOfSchema.optional(),
  })
  .strict()
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, {
    message: 'must not be before from',
    path: ['to'],
  });

export type IndicatorsQueryInput = z.output<typeof indicatorsQuery> & { by?: Dimension[] };

export const caseloadQuery = z.object({}).strict();
export const implementationQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(100).default(50),
    cursor: z.string().max(1000).optional(),
  })
  .strict();
