import t from 'tap';
import { answersOutsideGoal } from './soak.ts';

t.test('2xx and shedding with Retry-After are within the soak goal', async (t) => {
  t.equal(answersOutsideGoal({ 200: 50, 201: 40, 503: 7, 429: 2 }, {}), 0);
});

t.test('any other answer, and shedding without Retry-After, are not', async (t) => {
  t.equal(answersOutsideGoal({ 201: 40, 500: 1, 409: 2 }, {}), 3);
  t.equal(answersOutsideGoal({ 201: 40, 503: 5 }, { 503: 5 }), 5);
});
