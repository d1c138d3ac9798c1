/**
 * Arrows point down: no module under src/ imports from a layer above its own
 * (docs: "Working on tcpspec" in the README). Layers are listed bottom first;
 * a module may import its own layer and any layer below it. A folder not in
 * the table fails the test, so a new one has to be given its place. No module
 * imports itself through others either, not even for types only: a circle
 * hides which of its modules is the lower one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const SRC = path.join(__dirname, '..', '..', 'src');

/** Bottom first. Entries are paths below src/ (a folder, or one file where it sits apart from its folder). */
const LAYERS: readonly (readonly string[])[] = [
  ['bytes'],
  // The base of every error and the code registry; the one error every layer that reads options may throw;
  // what an address is and how it is written (errors name endpoints, so it sits beside them).
  ['errors.ts', 'usage-error.ts', 'verdict.ts', 'net/endpoint.ts'],
  // The words of every error, rendered from its fields (report/messages); each error class, beside its owner, uses them.
  ['report/messages'],
  // What a spec is (the model: steps, matchers, templates, durations, addresses; it knows nothing of YAML)
  // and what bytes arrive in (the chunk list, framing); the event log the peer records into; the names of targets;
  // the carriers (dialing and listening on an endpoint) and TLS as a layer over their sockets.
  ['spec', 'stream', 'framing', 'transcript/transcript.ts', 'targets', 'net'],
  // YAML with positions: nodes, problems at FILE:LINE:COLUMN, and readers of the model's small forms.
  ['yaml'],
  // Each matcher kind reads its own form, plays it and describes it; `struct` is both a matcher
  // (decoded as bytes arrive) and a payload (encoded), so its codec sits beside the matchers.
  ['match', 'struct'],
  // The loader: a spec file to a checked Spec; each step kind reads its own form (load/steps/).
  ['load'],
  ['peer'],
  ['transcript', 'clients'],
  ['fuzz', 'run', 'record', 'containers'],
  ['report', 'matrix'],
  // The embedded fixtures live outside src/; only the command line (and tcpspec/jest) hands them in.
  ['../fixtures'],
  ['cli', 'jest'],
  ['index.ts'],
];

/** The layer of a path below src/: the longest table entry that is it or contains it. */
function layerOf(rel: string): { index: number; entry: string } | undefined {
  let best: { index: number; entry: string } | undefined;
  LAYERS.forEach((entries, index) => {
    for (const entry of entries) {
      const hit = rel === entry || rel === entry.replace(/\.ts$/, '') || rel.startsWith(`${entry}/`);
      if (hit && (!best || entry.length > best.entry.length)) best = { index, entry };
    }
  });
  return best;
}

function modulesUnder(dir: string): string[] {
  return (
    fs
      .readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
      // Test helpers beside the code may reach up, as the tests themselves do.
      .filter((f) => !f.split(path.sep).includes('__tests__'))
      .map((f) => path.join(dir, f))
  );
}

/** Every relative module a file imports, statically, dynamically or by require. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const specifiers = ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
  for (const m of text.matchAll(/\brequire\(\s*['"]([^'"]+)['"]\s*\)/g)) specifiers.push(m[1]!);
  return [...new Set(specifiers.filter((s) => s.startsWith('.')))];
}

/** The module a relative specifier names, when it is one of `known`. */
function resolveModule(from: string, specifier: string, known: ReadonlySet<string>): string | undefined {
  const base = path.resolve(path.dirname(from), specifier);
  return [`${base}.ts`, path.join(base, 'index.ts'), base].find((candidate) => known.has(candidate));
}

/** Every circle of imports among the modules under src/ (type-only ones included), each as its modules. */
function importCircles(): string[][] {
  const modules = modulesUnder(SRC);
  const known = new Set(modules);
  const edges = new Map(
    modules.map((m) => [
      m,
      importsOf(m)
        .map((s) => resolveModule(m, s, known))
        .filter((t): t is string => t !== undefined),
    ]),
  );
  // Tarjan's strongly connected components: a component of two or more modules, or one importing itself, is a circle.
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (m: string): void => {
    order.set(m, order.size);
    low.set(m, order.get(m)!);
    stack.push(m);
    onStack.add(m);
    for (const t of edges.get(m)!) {
      if (!order.has(t)) {
        visit(t);
        low.set(m, Math.min(low.get(m)!, low.get(t)!));
      } else if (onStack.has(t)) low.set(m, Math.min(low.get(m)!, order.get(t)!));
    }
    if (low.get(m) !== order.get(m)) return;
    const component: string[] = [];
    for (let t = stack.pop()!; ; t = stack.pop()!) {
      onStack.delete(t);
      component.push(path.relative(SRC, t).split(path.sep).join('/'));
      if (t === m) break;
    }
    if (component.length > 1 || edges.get(m)!.includes(m)) circles.push(component.sort());
  };
  for (const m of modules) if (!order.has(m)) visit(m);
  return circles;
}

interface Violation {
  readonly from: string;
  readonly to: string;
  readonly why: string;
}

function violations(): Violation[] {
  const found: Violation[] = [];
  for (const file of modulesUnder(SRC)) {
    const from = path.relative(SRC, file).split(path.sep).join('/');
    const own = layerOf(from);
    if (!own) {
      found.push({ from, to: '', why: 'has no layer: give its folder a place in LAYERS' });
      continue;
    }
    for (const spec of importsOf(file)) {
      const to = path
        .relative(SRC, path.resolve(path.dirname(file), spec))
        .split(path.sep)
        .join('/');
      const target = layerOf(to) ?? layerOf(`${to}/index`);
      if (!target) {
        found.push({ from, to, why: 'imports a module with no layer' });
      } else if (target.index > own.index) {
        found.push({
          from,
          to,
          why: `${own.entry} (layer ${own.index}) imports ${target.entry} (layer ${target.index})`,
        });
      }
    }
  }
  return found;
}

describe('the import graph', () => {
  it('has no module under src/ importing from a layer above its own', () => {
    expect(violations()).toEqual([]);
  });

  it('has no circle of imports among the modules under src/, type-only imports included', () => {
    expect(importCircles()).toEqual([]);
  });

  it('keeps src/bytes a leaf that imports nothing of tcpspec', () => {
    const ours = modulesUnder(path.join(SRC, 'bytes')).flatMap((f) => importsOf(f).filter((s) => !s.startsWith('./')));
    expect(ours).toEqual([]);
  });
});
