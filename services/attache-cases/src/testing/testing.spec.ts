import t from 'tap';
import { z } from 'zod';
import {
  CASE_ACTIONS,
  CLOSURE_OUTCOMES,
  caseUpdateInputSchema,
  closureInputSchema,
  employerInputSchema,
  openCaseInputSchema,
  REPATRIATION_STAGES,
  repatriationInputSchema,
  updateIdSchema,
  VETTING_OUTCOMES,
  vettingInputSchema,
} from '../domain/index.ts';
import {
  caseUpdateBody,
  closureBody,
  employerBody,
  newUpdateId,
  openCaseBody,
  repatriationBody,
  vettingBody,
} from './index.ts';

/** The test data other suites build on is valid as sent, and unique where a route needs it to be. */
const change = { expectedVersion: z.number().int().min(1), updateId: updateIdSchema };

t.test('every body the testing entry builds is one the routes accept', async (t) => {
  t.ok(openCaseInputSchema.safeParse(openCaseBody()).success, 'POST /cases');
  for (const action of CASE_ACTIONS)
    t.ok(caseUpdateInputSchema(change).safeParse(caseUpdateBody(1, action)).success, `update ${action}`);
  for (const stage of REPATRIATION_STAGES)
    t.ok(repatriationInputSchema(change).safeParse(repatriationBody(1, stage)).success, `stage ${stage}`);
  for (const outcome of CLOSURE_OUTCOMES)
    t.ok(closureInputSchema(change).safeParse(closureBody(1, outcome)).success, `closure ${outcome}`);
  t.ok(employerInputSchema.safeParse(employerBody()).success, 'POST /employers');
  for (const outcome of VETTING_OUTCOMES)
    t.ok(vettingInputSchema.safeParse(vettingBody(outcome)).success, `vetting ${outcome}`);
});

t.test('each body has its own worker and each change its own updateId', async (t) => {
  const [a, b] = [openCaseBody(), openCaseBody()];
  t.not(a.worker.fullName, b.worker.fullName);
  t.not(a.worker.passportNumber, b.worker.passportNumber);
  t.not(caseUpdateBody(1).updateId, caseUpdateBody(1).updateId);
  t.not(newUpdateId(), newUpdateId());
});
