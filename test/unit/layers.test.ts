/**
 * Arrows point down: no module under src/ imports from a layer above its own
 * (docs: "Working on tcpspec" in the README). Layers are listed bottom first;
 * a module may import its own layer and any layer below it. A folder not in
 * the table fails the test, so a new one has to be given its place.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const SRC = path.join(__dirname, '..', '..', 'src');

/** Bottom first. Entries are paths below src/ (a folder, or one file where it sits apart from its folder). */
const LAYERS: readonly (readonly string[])[] = [
  ['bytes'],
  ['errors.ts', 'verdict.ts'],
  // What a spec is (types, YAML positions, templates) and what bytes arrive in (the chunk list, framing);
  // the event log the peer records into; the names of targets.
  ['spec', 'stream', 'framing', 'transcript/transcript.ts', 'targets'],
  ['match'],
  // Reading a spec file asks the matcher registry how each matcher kind is read.
  [
    'spec/load.ts',
    'spec/read-client.ts',
    'spec/read-steps.ts',
    'spec/read-tls.ts',
    'spec/read-values.ts',
    'spec/step-shape.ts',
    'spec/steps',
    'spec/variables.ts',
  ],
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

  it('keeps src/bytes a leaf that imports nothing of tcpspec', () => {
    const ours = modulesUnder(path.join(SRC, 'bytes')).flatMap((f) => importsOf(f).filter((s) => !s.startsWith('./')));
    expect(ours).toEqual([]);
  });
});
