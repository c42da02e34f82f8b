/**
 * The import boundaries fail on a violation: biome (with the repository's own biome.json) and
 * scripts/checkImports.mjs run on tests/boundaries/violations, a small workspace with one file per rule that
 * breaks it and a few that keep to it, and each must report exactly the files that break its rules.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const root = fileURLToPath(new URL('../..', import.meta.url));
const violations = join(root, 'tests/boundaries/violations');

interface Diagnostic {
  category: string;
  message: string;
  location: { path: string };
}

t.test('biome reports each import that breaks a rule of biome.json, and no other', (t) => {
  // biome.json's folders (services/*/src/domain/**…) are relative to the file, so the fixture workspace
  // is linted as a repository of its own with a copy of it.
  const dir = mkdtempSync(join(tmpdir(), 'kazi-boundaries-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  cpSync(violations, dir, { recursive: true });
  copyFileSync(join(root, 'biome.json'), join(dir, 'biome.json'));

  const biome = spawnSync(join(root, 'node_modules/.bin/biome'), ['lint', '--reporter=json', '.'], {
    cwd: dir,
    encoding: 'utf8',
  });
  t.equal(biome.status, 1, 'biome fails');
  const { diagnostics } = JSON.parse(biome.stdout) as { diagnostics: Diagnostic[] };
  const found = diagnostics
    .filter((d) => d.category === 'lint/style/noRestrictedImports')
    .map((d) => `${d.location.path}: ${d.message.split(':')[0]}`)
    .sort();
  t.same(found, [
    "packages/one/src/deepImport.ts: imports a package's internals",
    'packages/one/src/relativeEscape.ts: reaches into another workspace package by a relative path',
    'scripts/reachesInside.ts: a script outside the workspace packages imports a package by its entry file only',
    'services/alpha/src/domain/thing/importsAdapter.ts: a domain folder imports only @kazi/core, @kazi/contracts, zod and its own files',
    'services/alpha/src/domain/thing/importsBuiltin.ts: a domain folder imports only @kazi/core, @kazi/contracts, zod and its own files',
    'services/alpha/src/importsBeta.ts: a service imports the shared packages only, never another service or the composition root',
  ]);
  t.end();
});

t.test('checkImports reports each cycle and each import that lands outside its bounds, and no other', (t) => {
  const check = spawnSync(process.execPath, [join(root, 'scripts/checkImports.mjs'), violations], {
    encoding: 'utf8',
  });
  t.equal(check.status, 1, 'the check fails');
  const found = check.stdout
    .trim()
    .split('\n')
    .map((line) => line.replace(/:\d+ .*$/, ''))
    .sort();
  t.same(found, [
    'cycle packages/one/src/cycleA.ts',
    'leaves-domain services/alpha/src/domain/thing/leavesDomain.ts',
    'leaves-package packages/one/src/relativeEscape.ts',
    'leaves-package scripts/reachesInside.ts',
    'leaves-package services/alpha/src/reachesIntoBeta.ts',
    'not-exported packages/one/src/deepImport.ts',
    'package-cycle packages/one/package.json',
  ]);
  t.match(
    check.stdout,
    /cycle \S+ packages\/one\/src\/cycleA\.ts → packages\/one\/src\/cycleB\.ts → packages\/one\/src\/cycleA\.ts/,
  );
  t.match(check.stdout, /@kazi\/one → @kazi\/two \(packages\/one\/package\.json\), @kazi\/two → @kazi\/one/);
  t.end();
});
