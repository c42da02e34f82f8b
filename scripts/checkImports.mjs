#!/usr/bin/env node
// The import rules biome cannot check, because they depend on where an import lands, not on what it names
// (biome.json checks the names: what a domain or a service may import, deep imports by package name):
//   cycle          no two files import each other, directly or around a loop; test code included (specs,
//                  fixtures) and type-only imports too: a cycle of types is still two modules that cannot
//                  be understood, or moved, one without the other
//   package-cycle  no loop between workspace packages, through package.json (dependencies and
//                  devDependencies) or through what their files import
//   leaves-package a relative import stays inside its workspace package (another package is imported by its
//                  name and declared in package.json); from outside every package (scripts/) it may reach
//                  only a package's exported entry file
//   leaves-domain  a relative import in a domain folder (services/*/src/domain) stays inside that folder
//   not-exported   a package is imported by an entry its package.json exports
// Usage: node scripts/checkImports.mjs [root]   (root: a workspace, the repository by default; the boundary
// spec points it at tests/boundaries/violations). Prints one line per violation, `rule file:line message`,
// and exits 1 if there is any.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
const CODE = /\.(ts|mts|cts|js|mjs|cjs)$/;
const DOMAIN = /^services\/[^/]+\/src\/domain\//;
const rel = (path) => relative(root, path).split(sep).join('/');

/** The workspace packages pnpm-workspace.yaml lists (`dir` or `dir/*`), each with its package.json. */
function workspacePackages() {
  const listed = readFileSync(join(root, 'pnpm-workspace.yaml'), 'utf8')
    .split('\n')
    .map((line) => /^\s*-\s*["']?([^"'#\s]+)["']?/.exec(line)?.[1])
    .filter(Boolean);
  const dirs = listed.flatMap((entry) => {
    if (!entry.endsWith('/*')) return [join(root, entry)];
    const parent = join(root, entry.slice(0, -2));
    if (!existsSync(parent)) return [];
    return readdirSync(parent, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => join(parent, d.name));
  });
  return dirs
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => {
      const json = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      const deps = Object.keys({ ...json.dependencies, ...json.devDependencies });
      return { dir, name: json.name, exports: json.exports, deps };
    });
}

const packages = workspacePackages();
const byName = new Map(packages.map((p) => [p.name, p]));
const packageOf = (path) =>
  packages
    .filter((p) => path === p.dir || path.startsWith(p.dir + sep))
    .sort((a, b) => b.dir.length - a.dir.length)[0];

/** The file an export target names: a string, or the first string among its conditions. */
function target(value) {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    for (const key of ['import', 'default', 'types', 'node']) {
      const found = target(value[key]);
      if (found) return found;
    }
  }
  return undefined;
}

/** The file `pkg` exports as `subpath` ('.' or './x'), following one `*` pattern; undefined if it does not. */
function exported(pkg, subpath) {
  const map =
    typeof pkg.exports === 'string' || pkg.exports === undefined ? { '.': pkg.exports } : pkg.exports;
  const exact = target(map[subpath]);
  if (exact) return join(pkg.dir, exact);
  for (const [key, value] of Object.entries(map)) {
    const star = key.indexOf('*');
    if (star < 0) continue;
    const [head, tail] = [key.slice(0, star), key.slice(star + 1)];
    if (subpath.startsWith(head) && subpath.endsWith(tail) && subpath.length >= key.length - 1) {
      const file = target(value);
      if (file)
        return join(pkg.dir, file.replace('*', subpath.slice(head.length, subpath.length - tail.length)));
    }
  }
  return undefined;
}

const entryFiles = (pkg) => {
  const map = typeof pkg.exports === 'object' && pkg.exports ? pkg.exports : { '.': pkg.exports };
  return new Set(
    Object.keys(map)
      .map((key) => exported(pkg, key))
      .filter(Boolean),
  );
};

/** Every code file under root but node_modules, hidden folders and nested workspaces (the boundary fixtures). */
function codeFiles(dir, out = []) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'coverage' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!existsSync(join(path, 'pnpm-workspace.yaml'))) codeFiles(path, out);
    } else if (CODE.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Each module specifier a file names (static, re-export, dynamic import(), `import('x')` types), with its line. */
function specifiers(path) {
  const text = readFileSync(path, 'utf8');
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const found = [];
  const add = (node) => {
    if (node && ts.isStringLiteralLike(node)) {
      found.push({ spec: node.text, line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    }
  };
  const visit = (node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0]);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** The file a relative path names as the file itself, its `.ts` twin (for `.js` specifiers) or an index. */
function existing(path) {
  const candidates = [path, path.replace(/\.(m|c)?js$/, '.$1ts'), join(path, 'index.ts')];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile());
}

const violations = [];
const report = (rule, file, line, message) => violations.push(`${rule} ${rel(file)}:${line} ${message}`);
const files = codeFiles(root).sort();
const graph = new Map(files.map((f) => [f, new Set()]));
const packageEdges = new Map(packages.map((p) => [p.name, new Map()]));
const packageEdge = (from, to, why) => {
  if (from && to && from !== to && !packageEdges.get(from).has(to)) packageEdges.get(from).set(to, why);
};
for (const pkg of packages) {
  for (const dep of pkg.deps) if (byName.has(dep)) packageEdge(pkg.name, dep, `${rel(pkg.dir)}/package.json`);
}

for (const file of files) {
  const from = packageOf(file);
  const domain = DOMAIN.exec(rel(file))?.[0];
  for (const { spec, line } of specifiers(file)) {
    let landing;
    if (spec.startsWith('.')) {
      const lexical = resolve(dirname(file), spec);
      const to = packageOf(lexical);
      if (from && to !== from) {
        report(
          'leaves-package',
          file,
          line,
          `'${spec}' leaves ${from.name}: import ${to?.name ?? 'it'} by name`,
        );
      } else if (!from && to && !entryFiles(to).has(existing(lexical) ?? lexical)) {
        report('leaves-package', file, line, `'${spec}' reaches inside ${to.name}: import an exported entry`);
      }
      if (domain && !rel(lexical).startsWith(domain)) {
        report('leaves-domain', file, line, `'${spec}' leaves the domain folder ${domain}`);
      }
      landing = existing(lexical);
    } else {
      const pkg = packages
        .filter((p) => spec === p.name || spec.startsWith(`${p.name}/`))
        .sort((a, b) => b.name.length - a.name.length)[0];
      if (!pkg) continue;
      const subpath = spec === pkg.name ? '.' : `.${spec.slice(pkg.name.length)}`;
      const entry = exported(pkg, subpath);
      if (!entry) report('not-exported', file, line, `'${spec}': ${pkg.name} exports no '${subpath}'`);
      landing = entry && existing(entry);
    }
    if (!landing) continue;
    graph.get(file)?.add(landing);
    packageEdge(from?.name, packageOf(landing)?.name, `${rel(file)}:${line}`);
  }
}

/** The strongly connected components with a loop (Tarjan), each with one loop through it for the message. */
function loops(nodes, next) {
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const found = [];
  let counter = 0;
  const connect = (v) => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of next(v)) {
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) !== index.get(v)) return;
    const component = new Set();
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.add(w);
    } while (w !== v);
    if (component.size > 1 || [...next(v)].includes(v))
      found.push({ component, loop: loopThrough(v, component, next) });
  };
  for (const v of nodes) if (!index.has(v)) connect(v);
  return found;
}

/** A shortest path from start back to start inside its component (breadth first). */
function loopThrough(start, component, next) {
  const previous = new Map();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift();
    for (const w of next(v)) {
      if (!component.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(previous.get(path[0]));
        return path;
      }
      if (!previous.has(w)) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start];
}

const among = (component) => (component.size > 2 ? `; ${component.size} files in all are in loops` : '');
for (const { component, loop } of loops(files, (f) => graph.get(f) ?? [])) {
  report('cycle', loop[0], 1, [...loop, loop[0]].map(rel).join(' → ') + among(component));
}
for (const { component, loop } of loops(
  packages.map((p) => p.name),
  (name) => packageEdges.get(name).keys(),
)) {
  const steps = loop.map((name, i) => {
    const to = loop[(i + 1) % loop.length];
    return `${name} → ${to} (${packageEdges.get(name).get(to)})`;
  });
  const members =
    component.size > loop.length ? `; all of ${[...component].sort().join(', ')} are in loops` : '';
  report('package-cycle', join(byName.get(loop[0]).dir, 'package.json'), 1, steps.join(', ') + members);
}

for (const line of violations) process.stdout.write(`${line}\n`);
if (violations.length > 0) {
  process.stderr.write(
    `[kazi] imports: ${violations.length} violation(s) of the rules in scripts/checkImports.mjs\n`,
  );
  process.exit(1);
}
