import { uniqueNamespace } from '@kazi/test-servers';
import { type HttpTestSystem, startHttpTestSystem } from '@kazi/testing';
import type { Test } from 'tap';
import { systemModules } from './index.ts';
import { dropDatabase, testDatabaseUrl } from './systemProcess.ts';

/**
 * The whole system in the test's process (every module of `systemModules`, over HTTP through
 * `startHttpTestSystem`), with a reporting database of its own that the oversight module creates on its
 * first start and the teardown drops once the host has stopped (tap runs teardowns last-added first).
 * The agreement clock runs only when a test says so (the exposed sweep), never by a timer mid-test.
 */
export async function startWholeTestSystem(
  t: Test,
  options: { label: string; env?: Record<string, string> },
): Promise<HttpTestSystem<typeof systemModules>> {
  const databaseUrl = testDatabaseUrl(`test_${uniqueNamespace(options.label)}`);
  t.teardown(() => dropDatabase(databaseUrl));
  return startHttpTestSystem(t, {
    modules: systemModules,
    label: options.label,
    env: { DATABASE_URL: databaseUrl, BLMA_SWEEP_INTERVAL_MS: '3600000', ...options.env },
  });
}
