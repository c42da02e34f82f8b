import t from 'tap';
import { z } from 'zod';
import { type EventsOf, eventParser, eventTypeGuard } from './domainEvents.ts';

const schemas = {
  'notice.posted.v1': z.object({ text: z.string().min(1) }),
  'notice.withdrawn.v1': z.object({ at: z.string() }),
};
type NoticeEvent = EventsOf<typeof schemas>;

t.test('the guard knows the aggregate’s types and nothing else, inherited names included', async (t) => {
  const isNoticeEvent = eventTypeGuard(schemas);
  t.ok(isNoticeEvent('notice.posted.v1'));
  t.notOk(isNoticeEvent('notice.amended.v1'));
  t.notOk(isNoticeEvent('toString'), 'not a property of every object');
});

t.test('the parser checks the data with the type’s schema', async (t) => {
  const parseNoticeEvent = eventParser(schemas, 'a notice');
  const event: NoticeEvent = parseNoticeEvent({ type: 'notice.posted.v1', data: { text: 'Closed Friday' } });
  t.same(event, { type: 'notice.posted.v1', data: { text: 'Closed Friday' } });
  t.throws(() => parseNoticeEvent({ type: 'notice.posted.v1', data: { text: '' } }), z.ZodError);
  t.throws(() => parseNoticeEvent({ type: 'agency.licensed.v1', data: {} }), {
    message: 'agency.licensed.v1 is not a notice event',
  });
});
