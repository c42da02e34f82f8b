#!/usr/bin/env node
// Every test tier, in one tap run so coverage is measured over all of them:
//   *.spec.ts      pure and in-memory (milliseconds)
//   *.int.spec.ts  against the real infrastructure, NATS and Redis ("integration" names integration events only)
//   *.e2e.spec.ts  the whole system over HTTP
// `npm test -- unit|int|e2e` runs one tier. Type-check, lint and the import boundaries come first: a type
// error or a boundary crossed fails the run.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tier = process.argv[2] ?? 'all';
const tiers = {
  unit: (f) => f.endsWith('.spec.ts') && !f.endsWith('.int.spec.ts') && !f.endsWith('.e2e.spec.ts'),
  int: (f) => f.endsWith('.int.spec.ts'),
  e2e: (f) => f.endsWith('.e2e.spec.ts'),
  all: (f) => f.endsWith('.spec.ts'),
};
if (!tiers[tier]) {
  process.stderr.write(`unknown tier ${tier}: use unit, int, e2e or all\n`);
  process.exit(2);
}

function find(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) find(path, out);
    else out.push(relative(root, path));
  }
  return out;
}

const step = (title, cmd, args) => {
  process.stderr.write(`\n[kazi] ${title}\n`);
  const { status } = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (status !== 0) {
    process.stderr.write(`[kazi] ${title} failed\n`);
    process.exit(status ?? 1);
  }
};

// Tests run on the development secrets, and say so: without KAZI_DEV=1 the system refuses them.
process.env.KAZI_DEV = '1';

const files = ['packages', 'services', 'system', 'tests', 'bench'].flatMap((d) => find(join(root, d))).filter(tiers[tier]).sort();
step('type-check (tsc)', 'npx', ['-y', 'pnpm@10.34.8', 'exec', 'tsc', '-p', 'tsconfig.json']);
step('lint (biome)', 'npx', ['-y', 'pnpm@10.34.8', 'exec', 'biome', 'lint', '.']);
// What biome cannot see: import cycles (files and packages) and relative imports that leave their package or
// domain folder (the boundaries biome.json checks by name are listed there).
step('import boundaries (scripts/checkImports.mjs)', process.execPath, ['scripts/checkImports.mjs']);

// tap's own summary line is a comment; CI and people read the plain `N passed, N failed` line.
process.stderr.write(`\n[kazi] tests: ${tier} (${files.length} files)\n`);
// Coverage comes from c8 (V8 coverage through tsx's source maps; tap's own report does not see through
// tsx): the whole run is measured, thresholds in package.json "c8". One tier alone runs without it.
const tapArgs = ['tap', '--disable-coverage', ...files];
const command = tier === 'all' ? ['exec', 'c8', ...tapArgs] : ['exec', ...tapArgs];
const tap = spawn('npx', ['-y', 'pnpm@10.34.8', ...command], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
let summary = '';
tap.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  const found = /# \{ total: \d+[^}]*\}/g.exec(chunk.toString());
  if (found) summary = found[0];
});
tap.on('close', (code) => {
  const count = (name) => Number(new RegExp(`${name}: (\\d+)`).exec(summary)?.[1] ?? 0);
  const failed = count('fail');
  const skipped = count('skip') + count('todo');
  process.stdout.write(`\ntests: ${count('pass')} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  process.exit(code ?? 1);
});
