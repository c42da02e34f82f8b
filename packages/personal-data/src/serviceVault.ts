import { names } from '@kazi/eventsourcing';
import type { NatsConnection } from '@nats-io/transport-node';
import { KvSubjectKeyStore } from './kvSubjectKeyStore.ts';
import { masterKeyFromConfig } from './masterKey.ts';
import { PersonalDataVault } from './vault.ts';

/**
 * A service's vault over a key bucket of its own, `<namespace>-<context>-subject-keys` (its data subjects
 * are its own), ready: erasures by any replica are watched before the first request.
 */
export async function openServiceVault(
  nc: NatsConnection,
  namespace: string,
  context: string,
  masterKey: string,
): Promise<PersonalDataVault> {
  const keys = await KvSubjectKeyStore.open(nc, namespace, {
    masterKey: masterKeyFromConfig(masterKey),
    bucket: names.kvBucket(namespace, `${context}-subject-keys`),
  });
  const vault = new PersonalDataVault(keys);
  await vault.ready();
  return vault;
}
