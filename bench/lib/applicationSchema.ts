/**
 * The body schema of POST /agencies the baseline parses: the real route's schema when the registry
 * exports it (`applicationBodySchema` in services/agency-registry/src/http/schemas.ts), else a local
 * equivalent written from docs (shared/design/api.md) so the baseline measures the same parse.
 */
import { z } from 'zod';

// Local stand-in, used only while the registry does not export `applicationBodySchema`.
const localApplicationBodySchema = z
  .object({
    name: z.string().trim().min(2).max(200),
    registrationNumber: z.string().trim().min(3).max(50),
    kraPin: z.string().trim().regex(/^[A-Z]\d{9}[A-Z]$/i, 'must be a KRA PIN, e.g. P051234567X'),
    county: z.string().trim().min(2).max(60),
    physicalAddress: z.string().trim().min(3).max(500),
    phone: z.string().trim().regex(/^\+[1-9]\d{6,14}$/, 'must be E.164'),
    email: z.email(),
    directors: z
      .array(
        z
          .object({
            fullName: z.string().trim().min(2).max(200),
            nationalId: z.string().trim().min(5).max(20).optional(),
            passportNumber: z.string().trim().min(5).max(20).optional(),
            nationality: z.string().trim().length(2),
          })
          .strict()
          .refine((d) => d.nationalId !== undefined || d.passportNumber !== undefined, 'needs a national id or a passport number'),
      )
      .min(1),
    guarantee: z
      .object({
        kind: z.enum(['bank', 'insurance']),
        issuer: z.string().trim().min(2).max(200),
        reference: z.string().trim().min(2).max(100),
        amountKes: z.number().int().min(0),
      })
      .strict(),
  })
  .strict();

interface Parser {
  safeParse(input: unknown): { success: boolean; data?: unknown; error?: unknown };
}

/**
 * The registry's body schema is being written while this benchmark is: look for it where it is
 * expected to appear (api.md names no module), by a non-literal specifier so a missing module is not
 * a type error. TODO: a static import once it exists.
 */
const CANDIDATES: Array<[module: string, name: string]> = [
  ['@kazi/agency-registry/http/schemas.ts', 'applicationBodySchema'],
  ['@kazi/agency-registry/http/agencyRecord.ts', 'applicationBody'],
  ['@kazi/agency-registry/http/schemas.ts', 'applicationBody'],
];

async function findRealSchema(): Promise<{ parser: Parser; source: string } | undefined> {
  for (const [module, name] of CANDIDATES) {
    const loaded = (await import(module).catch(() => undefined)) as Record<string, unknown> | undefined;
    const candidate = loaded?.[name] as Parser | undefined;
    if (typeof candidate?.safeParse === 'function') return { parser: candidate, source: `registry (${module.replace('@kazi/agency-registry/', '')} ${name})` };
  }
  return undefined;
}

const real = await findRealSchema();
export const applicationBodySchema: Parser = real?.parser ?? localApplicationBodySchema;
export const applicationSchemaSource = real?.source ?? 'local stand-in (bench/lib/applicationSchema.ts)';
