import t from 'tap';
import {
  hashTrackingPin,
  newTrackingPin,
  TRACKING_PIN_LENGTH,
  verifyNothing,
  verifyTrackingPin,
} from './trackingPin.ts';

t.test('PINs are random, readable over the phone, and stored only as a salted slow hash', async (t) => {
  const pins = new Set(Array.from({ length: 200 }, newTrackingPin));
  t.equal(pins.size, 200, 'no repeats in 200');
  for (const pin of pins) t.match(pin, new RegExp(`^[A-HJ-KM-NP-Z2-9]{${TRACKING_PIN_LENGTH}}$`));
  const pin = newTrackingPin();
  const hash = await hashTrackingPin(pin, 7);
  t.match(hash, /^scrypt\$7\$[\w-]+\$[\w-]+$/);
  t.notOk(hash.includes(pin), 'the hash does not contain the PIN');
  t.not(await hashTrackingPin(pin, 7), hash, 'salted: the same PIN hashes differently');
  t.ok(
    await verifyTrackingPin(pin, await hashTrackingPin(pin, 10)),
    'a hash keeps its own cost: raising it later keeps PINs working',
  );
  t.ok(await verifyTrackingPin(pin, hash), 'the PIN verifies');
  t.ok(
    await verifyTrackingPin(` ${pin.toLowerCase().slice(0, 4)} ${pin.slice(4)} `, hash),
    'case and spaces do not matter',
  );
  t.ok(
    await verifyTrackingPin(`${pin.slice(0, 5)}-${pin.slice(5)}`, hash),
    'read back in two groups of five',
  );
  t.notOk(
    await verifyTrackingPin(`${pin.slice(0, -1)}${pin.endsWith('A') ? 'B' : 'A'}`, hash),
    'one symbol off fails',
  );
  t.notOk(await verifyTrackingPin(pin, 'md5$abc'), 'an unknown scheme never matches');
  t.notOk(await verifyTrackingPin(pin, 'scrypt$x$y$z'), 'a malformed hash never matches');
  t.equal(await verifyNothing(7), false);
});
