/**
 * Admin command for dead letters (messages a consumer gave up on):
 *   npm run -s dead-letters -- list [consumer]
 *   npm run -s dead-letters -- replay <consumer>
 * Uses NATS_URL and KAZI_NAMESPACE like the services.
 */
import { connectNats, listDeadLetters, replayDeadLetters } from '../packages/messaging/src/index.ts';
import { baseConfigSchema, loadConfig } from '../packages/service-kit/src/index.ts';

const [command, consumer] = process.argv.slice(2);
// Only where NATS is and which namespace: an admin command needs no token secret.
const config = loadConfig(baseConfigSchema.pick({ NATS_URL: true, KAZI_NAMESPACE: true }));
const nc = await connectNats({ url: config.NATS_URL, name: 'kazi-dead-letters' });
try {
  if (command === 'list') {
    const letters = await listDeadLetters(nc, config.KAZI_NAMESPACE, consumer);
    for (const l of letters) {
      process.stdout.write(`${l.seq}\t${l.consumer}\t${l.type}\t${l.id}\tdeliveries=${l.deliveries}\t${l.error}\n`);
    }
    process.stderr.write(`${letters.length} dead letter(s)\n`);
  } else if (command === 'replay' && consumer) {
    const count = await replayDeadLetters(nc, config.KAZI_NAMESPACE, consumer);
    process.stderr.write(`replayed ${count} dead letter(s) of ${consumer}\n`);
  } else {
    process.stderr.write('usage: dead-letters list [consumer] | dead-letters replay <consumer>\n');
    process.exitCode = 2;
  }
} finally {
  await nc.close();
}
