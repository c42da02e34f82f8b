import { licenceApplicationBody } from '@kazi/agency-registry/testing';
import { complaintBody } from '@kazi/complaints/testing';
import { startSystemProcess } from '@kazi/system/process';
import { cleanupNamespace, uniqueNamespace } from '@kazi/test-servers';
import t from 'tap';

/**
 * The whole system as `npm start` runs it, against a client that sends everything wrong: every operation
 * the OpenAPI document lists, each top-level and nested field of a valid body removed or replaced by a
 * value of the wrong kind, unknown and prototype-polluting fields, broken JSON, wrong content types,
 * odd ids, queries and headers. What a client must never see: a 5xx, or a 4xx that is not a problem
 * document naming its status. What the operators must never see: an error in the logs.
 */

const WRONG_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  1e308,
  '',
  ' ',
  'x'.repeat(5000),
  '\u0000',
  '\ud800',
  '💥',
  [],
  [null],
  {},
  { a: 1 },
  '2026-02-30',
  '__proto__',
];

const application = licenceApplicationBody();
// An age band rather than a date of birth: the other way of giving an age gets its mutations too.
const lodging = complaintBody({
  complainant: {
    fullName: 'Hostile Caller',
    phone: '+254722000222',
    sex: 'female',
    ageBand: '25-34',
    nationalId: '20000002',
  },
});
const generic = {
  check: 'kra-compliance',
  outcome: 'pass',
  note: 'n',
  reason: 'r',
  until: '2027-01-01',
  assignee: 'officer-2',
  to: 'police',
  text: 't',
  categories: ['confinement'],
  severity: 'critical',
  remedy: { kind: 'wages-recovered', amount: 1, currency: 'KES' },
  expectedVersion: 1,
};
/** A valid body per operation, as `METHOD path` with OpenAPI's `{param}`; the rest get `generic`. */
const validBodies: Record<string, Record<string, unknown>> = {
  'POST /agencies': application,
  'POST /complaints': lodging,
};

/** The body itself, then each field (and each field one level down) removed or of a wrong kind. */
function mutations(body: Record<string, unknown>, depth = 0): unknown[] {
  const out: unknown[] = [];
  for (const [field, value] of Object.entries(body)) {
    const { [field]: _removed, ...without } = body;
    out.push(without);
    for (const wrong of WRONG_VALUES) out.push({ ...body, [field]: wrong });
    if (depth === 0 && value && typeof value === 'object' && !Array.isArray(value)) {
      for (const inner of mutations(value as Record<string, unknown>, 1))
        out.push({ ...body, [field]: inner });
    }
    if (depth === 0 && Array.isArray(value) && value[0] && typeof value[0] === 'object') {
      for (const inner of mutations(value[0] as Record<string, unknown>, 1))
        out.push({ ...body, [field]: [inner] });
      out.push({ ...body, [field]: Array(300).fill(value[0]) });
    }
  }
  out.push({ ...body, unknownField: 1 });
  out.push(`{"__proto__":{"polluted":true},${JSON.stringify(body).slice(1)}`);
  out.push(`{"constructor":{"prototype":{"polluted":true}},${JSON.stringify(body).slice(1)}`);
  return out;
}

const RAW_BODIES = [
  '',
  'garbage',
  '[]',
  'null',
  '"text"',
  '1',
  '{"a":',
  `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`,
];
const ODD_IDS = ['x', '..', '%00', '%ZZ', 'a'.repeat(3000), '%F0%9F%92%A5', '%2F..%2F', 'null', '-1'];
const QUERIES = [
  '',
  '?limit=0',
  '?limit=-1',
  '?limit=1e9',
  '?limit=abc',
  '?cursor=zzz',
  `?cursor=${'A'.repeat(5000)}`,
  '?status=a&status=b',
  `?q=${'%F0%9F'.repeat(10)}`,
  '?q[a]=1',
  '?severity=critical&agencyId=x&country=ZZ',
  `?reference=NEA-2026-000001&pin=${'A'.repeat(500)}`,
  '?reference=&pin=',
  '?reference=NEA-2026-000001&reference=b&pin=1',
];
const ODD_HEADERS: Record<string, string>[] = [
  { 'content-type': 'application/json; charset=latin1' },
  { 'content-type': 'text/plain' },
  { 'content-encoding': 'gzip' },
  { 'idempotency-key': '' },
  { 'idempotency-key': 'ü' },
  { 'if-match': '"x"' },
  { 'if-match': '*' },
  { 'if-match': 'W/"1"' },
  { 'if-match': '"1", "2"' },
  { 'if-match': '"99999999999999999999999"' },
];

t.test('no request a client can send gets a 5xx or a non-problem error', async (t) => {
  const namespace = uniqueNamespace('e2eh');
  const system = await startSystemProcess(namespace);
  t.teardown(async () => {
    await system.stop();
    await cleanupNamespace(namespace);
  });
  // One token that passes every role check, so the requests reach validation and the rules.
  const everyone = await system.token(['nea-officer', 'nea-director', 'hotline', 'analyst'], {
    sub: 'hostile-client',
    name: 'Hostile Client',
  });
  const agency = await system.call('POST', '/agencies', everyone, application);
  const complaint = await system.call('POST', '/complaints', everyone, lodging);
  t.equal(agency.status, 201, 'an agency to aim at');
  t.equal(complaint.status, 201, 'a complaint to aim at');

  const spec = (await system.call('GET', '/docs/json')).body as { paths: Record<string, object> };
  const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
    Object.keys(item).map((method) => ({ method: method.toUpperCase(), path })),
  );
  t.ok(operations.length >= 25, `${operations.length} operations in the OpenAPI document`);

  let sent = 0;
  const send = async (method: string, path: string, body?: string, headers: Record<string, string> = {}) => {
    sent += 1;
    const response = await fetch(system.url + path, {
      method,
      headers: {
        authorization: `Bearer ${everyone}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    const what = `${response.status} ${method} ${path.slice(0, 120)} ${JSON.stringify(headers)} ${(body ?? '').slice(0, 160)} → ${text.slice(0, 200)}`;
    if (response.status >= 500) return what;
    if (response.status >= 400) {
      const type = response.headers.get('content-type') ?? '';
      if (!type.startsWith('application/problem+json')) return `not problem+json: ${what}`;
      const problem = JSON.parse(text) as { type?: unknown; title?: unknown; status?: unknown };
      if (
        typeof problem.type !== 'string' ||
        typeof problem.title !== 'string' ||
        problem.status !== response.status
      )
        return `incomplete problem: ${what}`;
    }
    return undefined;
  };

  for (const { method, path } of operations) {
    const failures: string[] = [];
    const note = (failure: string | undefined) => failure !== undefined && failures.push(failure);
    const ids = path.includes('{') ? [agency.body.id, complaint.body.id, ...ODD_IDS] : [''];
    for (const id of ids) {
      const concrete = path.replace(/\{[^}]+\}/, id);
      if (method === 'GET') {
        for (const query of QUERIES) note(await send(method, concrete + query));
        continue;
      }
      const valid = validBodies[`${method} ${path}`] ?? generic;
      const bodies = id === ids[0] ? [...mutations(valid), ...RAW_BODIES] : [valid];
      for (const body of bodies)
        note(await send(method, concrete, typeof body === 'string' ? body : JSON.stringify(body)));
      if (id === ids[0])
        for (const headers of ODD_HEADERS) note(await send(method, concrete, JSON.stringify(valid), headers));
    }
    t.same(failures, [], `${method} ${path}: never a 5xx, every error a problem document`);
  }
  t.ok(sent > 3000, `${sent} requests sent`);
  const errors = system
    .output()
    .split('\n')
    .filter((line) => /"level":(50|60)/.test(line));
  t.same(errors, [], 'the system logged no error');
});
