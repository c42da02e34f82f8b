import { baseConfigSchema } from '@kazi/service-kit';
import { z } from 'zod';

const MIB = 1_048_576;

const mediaTypeList = z
  .string()
  .transform((s) =>
    s
      .split(',')
      .map((t) => t.trim().toLowerCase())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/)).min(1));

/**
 * What the Ministry may change without a release: how often the clock's sweep looks for lapsed agreements,
 * reviews due and overdue committee actions, and which documents it keeps (size and kinds of file).
 */
export const blmaRecordsConfigSchema = baseConfigSchema.extend({
  /** The clock's rules go by the day in Nairobi: a run every few minutes notices a new day soon enough. */
  BLMA_SWEEP_INTERVAL_MS: z.coerce.number().int().min(1000).default(300_000),
  /** Entries of each sweep index one run examines; the next run goes on from there. */
  BLMA_SWEEP_BATCH: z.coerce.number().int().min(1).max(10_000).default(500),
  /**
   * The largest document accepted, in bytes: a scanned agreement of a hundred pages is a few MiB. A bigger
   * upload is refused with 413 and nothing of it is kept.
   */
  BLMA_DOCUMENT_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(512 * MIB)
    .default(25 * MIB),
  /** The kinds of file kept: signed texts and minutes as PDF, office documents or scans. */
  BLMA_DOCUMENT_MEDIA_TYPES: mediaTypeList.default([
    'application/pdf',
    'application/octet-stream',
    'application/msword',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.oasis.opendocument.text',
    'image/png',
    'image/jpeg',
    'image/tiff',
  ]),
});

export type BlmaRecordsConfig = z.output<typeof blmaRecordsConfigSchema>;
