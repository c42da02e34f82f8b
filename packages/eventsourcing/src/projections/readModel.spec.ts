import t from 'tap';
import { boundedLimit, cursorCodec, InvalidCursorError, pageOf } from './readModel.ts';

/** A position as the complaint queue writes one: a score and an id. */
const codec = cursorCodec<{ score: number; id: string }>({
  write: (p) => `${p.score}:${p.id}`,
  read(text) {
    const [score, id, ...rest] = text.split(':');
    return id && rest.length === 0 && Number.isFinite(Number(score))
      ? { score: Number(score), id }
      : undefined;
  },
});

t.test('a cursor round-trips and is opaque base64url', async (t) => {
  const position = { score: 3e13 + 1_772_352_000_000, id: 'c-1' };
  const cursor = codec.encode(position);
  t.match(cursor, /^[A-Za-z0-9_-]+$/);
  t.same(codec.decode(cursor), position);
  t.equal(cursor, Buffer.from('31772352000000:c-1').toString('base64url'), 'the text, base64url');
});

t.test('anything encode could not have made is an InvalidCursorError naming the field', async (t) => {
  const good = codec.encode({ score: 1, id: 'a' });
  for (const bad of [
    '',
    'not base64!',
    `${good}=`,
    `${good}A`,
    Buffer.from('no separator').toString('base64url'),
    Buffer.from('x:a').toString('base64url'),
    Buffer.from([0xff, 0x00, 0x41]).toString('base64url'),
  ]) {
    const refusal = (() => {
      try {
        codec.decode(bad);
      } catch (error) {
        return error;
      }
    })();
    t.ok(refusal instanceof InvalidCursorError, JSON.stringify(bad));
    t.match(
      refusal,
      { kind: 'bad-request', type: 'validation-failed', extra: { errors: [{ path: 'query.cursor' }] } },
      'a 400 (kind bad-request) naming query.cursor',
    );
  }
});

t.test('a page resumes after its last item when more were found, else where the read stopped', async (t) => {
  const at = (n: number) => n * 10;
  t.same(pageOf([1, 2, 3, 4], 3, at, 99), { items: [1, 2, 3], resumeAfter: 30 }, 'one more than asked');
  t.same(pageOf([1, 2], 3, at, 70), { items: [1, 2], resumeAfter: 70 }, 'the budget ran out first');
  t.same(pageOf([1, 2], 3, at, undefined), { items: [1, 2], resumeAfter: undefined }, 'the end');
});

t.test('a limit is whole and within 0..max', async (t) => {
  t.equal(boundedLimit(5, 20), 5);
  t.equal(boundedLimit(500, 20), 20);
  t.equal(boundedLimit(-3, 20), 0);
  t.equal(boundedLimit(2.7, 20), 2);
  t.equal(boundedLimit(Number.NaN, 20), 20);
});
