import t from 'tap';
import { z } from 'zod';
import {
  agreementBody,
  amendmentBody,
  committeeMeetingBody,
  documentBody,
  endingBody,
  entryIntoForceBody,
  reviewBody,
  signatureBody,
} from './bodyFixtures.ts';
import {
  actionDoneInputSchema,
  amendmentInputSchema,
  committeeMeetingInputSchema,
  documentInputSchema,
  endingInputSchema,
  entryIntoForceInputSchema,
  recordAgreementInputSchema,
  reviewInputSchema,
  signatureInputSchema,
} from './input.ts';

/** What a request body must be on its own (docs/design/api.md); a refusal names the field. */
const withVersion = { expectedVersion: z.number().int().nonnegative() };
const pathsOf = (result: { success: boolean; error?: z.ZodError }) =>
  result.error?.issues.map((issue) => issue.path.join('.')) ?? [];

t.test('the testing bodies are valid', async (t) => {
  t.ok(recordAgreementInputSchema.safeParse(agreementBody()).success, 'agreement');
  t.ok(signatureInputSchema(withVersion).safeParse(signatureBody(1)).success, 'signature');
  t.ok(entryIntoForceInputSchema(withVersion).safeParse(entryIntoForceBody(2)).success, 'entry into force');
  t.ok(amendmentInputSchema(withVersion).safeParse(amendmentBody(3)).success, 'amendment');
  t.ok(reviewInputSchema(withVersion).safeParse(reviewBody(3)).success, 'review');
  t.ok(endingInputSchema(withVersion).safeParse(endingBody(3)).success, 'expiry and termination');
  t.ok(committeeMeetingInputSchema().safeParse(committeeMeetingBody()).success, 'committee meeting');
  t.ok(actionDoneInputSchema().safeParse({ date: '2026-04-20' }).success, 'action done');
  t.ok(documentInputSchema.safeParse(documentBody()).success, 'document');
});

t.test('an agreement', async (t) => {
  const refused = (body: unknown, path: string, name: string) =>
    t.same(pathsOf(recordAgreementInputSchema.safeParse(body)), [path], name);
  refused(agreementBody({ partnerCountry: 'XX' }), 'partnerCountry', 'a country that is not ISO 3166-1');
  refused(agreementBody({ partnerCountry: 'KE' }), 'partnerCountry', 'Kenya is not its own partner');
  refused(agreementBody({ kind: 'treaty' }), 'kind', 'an unknown kind');
  refused(agreementBody({ sectors: [] }), 'sectors', 'no sector');
  refused(
    agreementBody({ sectors: [{ isco: '22210', label: 'Nurses' }] }),
    'sectors.0.isco',
    'not an ISCO-08 code',
  );
  refused(
    agreementBody({
      sectors: [
        { isco: '2221', label: 'Nurses' },
        { isco: '2221', label: 'Nursing' },
      ],
    }),
    'sectors.1.isco',
    'a code listed twice',
  );
  refused(
    agreementBody({ provisions: [{ kind: 'free-wifi', text: 'x' }] }),
    'provisions.0.kind',
    'an unknown provision',
  );
  refused(
    agreementBody({ provisions: [{ kind: 'rest-days', text: '  ' }] }),
    'provisions.0.text',
    'a provision without text',
  );
  refused(agreementBody({ title: 'A\u0000B' }), 'title', 'control characters');
  refused(agreementBody({ signed: '2026-01-20' }), '', 'an unknown field is refused, not dropped');
  const parsed = recordAgreementInputSchema.parse(agreementBody({ partnerCountry: ' qa ', provisions: [] }));
  t.equal(parsed.partnerCountry, 'QA', 'a country code is trimmed and upper-cased');
  t.same(parsed.provisions, [], 'provisions may be drafted later');
  t.equal(
    recordAgreementInputSchema.safeParse(
      agreementBody({ provisions: Array.from({ length: 101 }, () => ({ kind: 'other', text: 'x' })) }),
    ).success,
    false,
    'at most 100 provisions',
  );
});

t.test('lifecycle bodies', async (t) => {
  const signature = signatureInputSchema(withVersion);
  t.same(pathsOf(signature.safeParse(signatureBody(1, '20/01/2026'))), ['date'], 'a date is YYYY-MM-DD');
  t.same(pathsOf(signature.safeParse(signatureBody(1, '2026-02-30'))), ['date'], 'a day that exists');
  t.same(
    pathsOf(signature.safeParse({ date: '2026-01-20' })),
    ['expectedVersion'],
    'the version it was based on',
  );
  t.same(
    pathsOf(signatureInputSchema().safeParse(signatureBody(1))),
    [''],
    'a field the route does not take',
  );
  t.same(
    pathsOf(
      entryIntoForceInputSchema(withVersion).safeParse(
        entryIntoForceBody(2, '2026-02-01', { expiry: 'never' }),
      ),
    ),
    ['expiry'],
  );
  t.same(
    pathsOf(amendmentInputSchema(withVersion).safeParse(amendmentBody(3, '2026-06-01', { provisions: [] }))),
    ['provisions'],
    'an amendment gives the provisions in force after it',
  );
  t.same(
    pathsOf(
      reviewInputSchema(withVersion).safeParse(
        reviewBody(3, '2027-02-10', 'renew', { recommendation: 'abolish' }),
      ),
    ),
    ['recommendation'],
  );
  t.same(pathsOf(endingInputSchema(withVersion).safeParse(endingBody(3, '2026-09-01', { reason: '' }))), [
    'reason',
  ]);
});

t.test('a committee meeting names institutions, and its actions an owner and a due day', async (t) => {
  const meeting = committeeMeetingInputSchema();
  t.same(pathsOf(meeting.safeParse(committeeMeetingBody('2026-03-10', { attendees: [] }))), ['attendees']);
  t.same(
    pathsOf(
      meeting.safeParse(
        committeeMeetingBody('2026-03-10', { attendees: [{ name: 'Jane Doe', country: 'KE' }] }),
      ),
    ),
    ['attendees.0.institution', 'attendees.0'],
    'institutions, not people',
  );
  t.same(
    pathsOf(
      meeting.safeParse(
        committeeMeetingBody('2026-03-10', { decisions: [{ action: 'Share the list', owner: 'NEA' }] }),
      ),
    ),
    ['decisions.0.due'],
  );
  t.ok(
    meeting.safeParse(committeeMeetingBody('2026-03-10', { decisions: [] })).success,
    'a meeting may decide nothing',
  );
});

t.test('a document', async (t) => {
  t.same(
    pathsOf(documentInputSchema.safeParse(documentBody({ fileName: '../etc/passwd' }))),
    ['fileName'],
    'a name, not a path',
  );
  t.same(pathsOf(documentInputSchema.safeParse(documentBody({ mediaType: 'pdf' }))), ['mediaType']);
  t.same(pathsOf(documentInputSchema.safeParse(documentBody({ kind: 'photo' }))), ['kind']);
  t.equal(
    documentInputSchema.parse(documentBody({ mediaType: 'Application/PDF' })).mediaType,
    'application/pdf',
  );
});
