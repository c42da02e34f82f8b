import type { AttacheCaseView, LinkedCase } from '../attacheView/caseViewQueries.ts';
import type { EmployerFlag, EmployerView } from '../attacheView/employerViewQueries.ts';

/**
 * What the attaché-cases service told us that bears on one complaint: the cases opened from it, and a
 * flag when the employer it names is one attachés flagged or blacklisted. Read from the service's own
 * views (fed by integration events) when the complaint is read, so a closure or a lifted blacklisting shows
 * at once, with nothing recorded on the complaint. Who sees which part: complaintViews.ts.
 */
export interface AttacheFacts {
  attacheCases: LinkedCase[];
  employerFlag: EmployerFlag | null;
}

export interface AttacheViews {
  cases: AttacheCaseView;
  employers: EmployerView;
}

/**
 * The facts for complaint `id` naming `employer` (its name opened: null once the complainant's data is
 * erased, and then nothing is matched). `withEmployerFlag: false` skips the name match for a view that
 * does not show it.
 */
export async function readAttacheFacts(
  views: AttacheViews,
  id: string,
  employer: { name: string | null; country: string } | null,
  withEmployerFlag: boolean,
): Promise<AttacheFacts> {
  const named =
    withEmployerFlag && employer?.name ? { name: employer.name, country: employer.country } : null;
  const [attacheCases, employerFlag] = await Promise.all([
    views.cases.ofComplaint(id),
    named ? views.employers.flagFor(named) : null,
  ]);
  return { attacheCases, employerFlag };
}
