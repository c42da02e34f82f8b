import { cursorCodec } from '@kazi/eventsourcing';
import type { ReportingReader } from './reportingReader.ts';
import type { CellPolicy } from './suppression.ts';

/**
 * Which complaint category tells of a breach of which provision: withheld wages of wage protection,
 * confiscated documents of the ban on passport retention, excessive hours of maximum hours, fees charged
 * to the worker of the recruitment-fees provision.
 */
export const PROVISION_OF_CATEGORY = {
  'withheld-wages': 'wage-protection',
  'document-confiscation': 'passport-retention-prohibited',
  'excessive-hours': 'maximum-hours',
  'recruitment-fees': 'recruitment-fees',
} as const;

/** Quarters of trend shown per agreement, the latest first. */
export const TREND_QUARTERS = 8;

const implementationCursor = cursorCodec<string>({ write: (id) => id, read: (text) => text || undefined });

const MAPPING_SQL = `(VALUES ${Object.entries(PROVISION_OF_CATEGORY)
  .map(([category, provision]) => `('${category}', '${provision}')`)
  .join(', ')}) AS m(category, provision)`;

/**
 * Per agreement in force now (or under review), in its partner country since its entry into force: the
 * complaints by the provisions they touch (and whether the terms in force have that provision), cases
 * opened, workers repatriated, committee actions overdue, and complaints by quarter. Paged by agreement id.
 */
export async function blmaImplementation(
  reader: ReportingReader,
  options: { now: string; cells: CellPolicy; limit: number; cursor?: string | undefined },
) {
  const after = options.cursor === undefined ? null : implementationCursor.decode(options.cursor);
  const s = await reader.schema();
  const agreements = await reader.rows<{
    agreement_id: string;
    partner_country: string;
    kind: string;
    status: string;
    in_force_on: string;
    provision_kinds: string[] | null;
  }>(
    `SELECT a.agreement_id, a.partner_country, a.kind, st.status, a.in_force_on::text,
       (SELECT t.provision_kinds FROM ${s}.agreement_terms t
        WHERE t.agreement_id = a.agreement_id AND t.valid_to IS NULL AND t.in_force_to IS NULL
        ORDER BY t.in_force_from DESC LIMIT 1) AS provision_kinds
     FROM ${s}.agreement a
     JOIN ${s}.agreement_status st ON st.agreement_id = a.agreement_id AND st.valid_to IS NULL
     WHERE st.status IN ('in-force', 'under-review') AND a.in_force_on IS NOT NULL
       AND ($1::text IS NULL OR a.agreement_id > $1)
     ORDER BY a.agreement_id LIMIT $2`,
    [after, options.limit + 1],
  );
  const page = agreements.slice(0, options.limit);
  const { cells } = options;
  const items = await Promise.all(
    page.map(async (a) => {
      const values = [a.partner_country, a.in_force_on];
      const [byProvision, totals, trend] = await Promise.all([
        reader.rows<{ category: string; provision: string; n: number }>(
          `SELECT m.category, m.provision, count(c.complaint_key)::int AS n
           FROM ${MAPPING_SQL}
           LEFT JOIN (
             SELECT c.complaint_key, st.categories FROM ${s}.complaint c
             JOIN ${s}.complaint_status st ON st.complaint_key = c.complaint_key AND st.valid_to IS NULL
             WHERE c.country = $1 AND c.lodged_on >= $2::date
           ) c ON m.category = ANY (c.categories)
           GROUP BY 1, 2 ORDER BY 1`,
          values,
        ),
        reader.rows<{ complaints: number; cases: number; repatriated: number; overdue: number }>(
          `SELECT
             (SELECT count(*) FROM ${s}.complaint WHERE country = $1 AND lodged_on >= $2::date)::int AS complaints,
             (SELECT count(*) FROM ${s}.attache_case WHERE country = $1 AND opened_on >= $2::date)::int AS cases,
             (SELECT count(*) FROM ${s}.repatriation WHERE country = $1 AND arrived_on >= $2::date)::int AS repatriated,
             (SELECT count(*) FROM ${s}.committee_action_status
               WHERE agreement_id = $3 AND status = 'overdue' AND valid_to IS NULL)::int AS overdue`,
          [...values, a.agreement_id],
        ),
        reader.rows<{ quarter: string; n: number }>(
          `SELECT lodged_quarter AS quarter, count(*)::int AS n FROM ${s}.complaint
           WHERE country = $1 AND lodged_on >= $2::date
           GROUP BY 1 ORDER BY 1 DESC LIMIT ${TREND_QUARTERS}`,
          values,
        ),
      ]);
      const t = totals[0] ?? { complaints: 0, cases: 0, repatriated: 0, overdue: 0 };
      const provisions = a.provision_kinds ?? [];
      return {
        agreementId: a.agreement_id,
        partnerCountry: a.partner_country,
        kind: a.kind,
        status: a.status,
        inForceSince: a.in_force_on,
        provisions,
        complaints: {
          total: cells(t.complaints),
          byProvision: byProvision.map((r) => ({
            provision: r.provision,
            category: r.category,
            inTerms: provisions.includes(r.provision),
            count: cells(r.n),
          })),
          byQuarter: trend.reverse().map((r) => ({ quarter: r.quarter, count: cells(r.n) })),
        },
        casesOpened: cells(t.cases),
        workersRepatriated: cells(t.repatriated),
        committeeActionsOverdue: t.overdue,
      };
    }),
  );
  const last = page.at(-1);
  return {
    items,
    nextCursor:
      agreements.length > options.limit && last ? implementationCursor.encode(last.agreement_id) : null,
  };
}
