import { type DemoAgreement, type DemoStep, kenyaAgreements } from './kenyaAgreements.ts';

/** What a run did: agreements recorded and steps taken now, and those found already there. */
export interface DemoLoad {
  recorded: string[];
  alreadyThere: string[];
  steps: number;
}

interface AgreementView {
  id: string;
  version: number;
  signedOn: string | null;
  inForceFrom: string | null;
  amendments: { date: string }[];
  meetings: { date: string }[];
}

/** Whether a step is already in the agreement (a run stopped halfway is finished by the next). */
function taken(step: DemoStep, agreement: AgreementView): boolean {
  const date = String(step.body.date);
  switch (step.path) {
    case 'signature':
      return agreement.signedOn !== null;
    case 'entry-into-force':
      return agreement.inForceFrom !== null;
    case 'amendment':
      return agreement.amendments.some((a) => a.date === date);
    case 'committee-meetings':
      return agreement.meetings.some((m) => m.date === date);
  }
}

/**
 * Loads Kenya's agreements (kenyaAgreements.ts) through the HTTP API as the Ministry's officer whose
 * `token` is given. Idempotent: an agreement already there (same partner and title) is not recorded
 * again, and only the steps it lacks are taken; a recording retried after a lost answer is recognised by
 * its Idempotency-Key.
 */
export async function loadDemo(
  baseUrl: string,
  token: string,
  agreements: readonly DemoAgreement[] = kenyaAgreements,
): Promise<DemoLoad> {
  const call = async (method: 'GET' | 'POST', path: string, body?: unknown, key?: string) => {
    const response = await fetch(new URL(path, baseUrl), {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(key === undefined ? {} : { 'idempotency-key': key }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return JSON.parse(text);
  };
  const load: DemoLoad = { recorded: [], alreadyThere: [], steps: 0 };
  for (const { key, record, steps } of agreements) {
    // A partner has a handful of agreements: one page of its country's lists them all.
    const listed = await call('GET', `/blmas?country=${record.partnerCountry}&limit=200`);
    const found = (listed.items as { id: string; title: string }[]).find((a) => a.title === record.title);
    let id: string;
    if (found) {
      id = found.id;
      load.alreadyThere.push(key);
    } else {
      id = (await call('POST', '/blmas', record, `demo-blma-${key}`)).id;
      load.recorded.push(key);
    }
    let agreement = (await call('GET', `/blmas/${id}`)) as AgreementView;
    for (const step of steps) {
      if (taken(step, agreement)) continue;
      await call('POST', `/blmas/${id}/${step.path}`, { ...step.body, expectedVersion: agreement.version });
      load.steps++;
      agreement = (await call('GET', `/blmas/${id}`)) as AgreementView;
    }
  }
  return load;
}
