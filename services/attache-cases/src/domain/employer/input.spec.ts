import t from 'tap';
import { employerInputSchema, vettingInputSchema } from './input.ts';
import { employerBody } from './specFixtures.ts';

/** What an attaché may send about an employer: the company's facts, and a vetting with its reason. */

t.test('a POST /employers body', async (t) => {
  t.same(employerInputSchema.parse(employerBody()), employerBody(), 'the test body is valid');
  t.same(
    employerInputSchema.parse({ name: ' Gulf Star Cleaning Co ', country: 'qa' }),
    { name: 'Gulf Star Cleaning Co', country: 'QA' },
    'only a name and a country are needed; both normalised',
  );
  for (const [what, body] of [
    ['no name', { country: 'SA' }],
    ['a one-letter name', employerBody({ name: 'A' })],
    ['no country', { name: 'Gulf Star' }],
    ['an unknown country', employerBody({ country: 'XX' })],
    ['a phone that is not E.164', employerBody({ contact: { phone: '0112345678' } })],
    ['an email that is not one', employerBody({ contact: { email: 'hr at alnoor' } })],
    ['an unknown contact field', employerBody({ contact: { fax: '+966112345679' } })],
    ['an unknown field', { ...employerBody(), status: 'cleared' }],
  ] as const)
    t.notOk(employerInputSchema.safeParse(body).success, `${what} is refused`);
});

t.test('a POST /employers/:id/vetting body', async (t) => {
  for (const outcome of ['cleared', 'flagged', 'blacklisted'])
    t.ok(vettingInputSchema.safeParse({ outcome, reason: 'seen the pay slips' }).success, outcome);
  t.notOk(vettingInputSchema.safeParse({ outcome: 'suspended', reason: 'x' }).success, 'an unknown outcome');
  t.notOk(vettingInputSchema.safeParse({ outcome: 'flagged' }).success, 'no reason');
  t.notOk(vettingInputSchema.safeParse({ outcome: 'flagged', reason: '  ' }).success, 'a blank reason');
});
