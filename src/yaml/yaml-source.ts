/**
 * Parses YAML while keeping positions, and turns positions into
 * `FILE:LINE:COLUMN` problems. The spec reader works on these nodes so every
 * message can point at the exact place in the file.
 */
import { LineCounter, parseDocument, isMap, isScalar, isSeq } from 'yaml';
import type { Node, Pair, Scalar, YAMLMap, YAMLSeq } from 'yaml';
import { quoteValue } from '../bytes';
import { highEscapes, highEscapeWarning } from './high-escapes';
import type { SourceLocation } from '../errors';
import type { SpecProblem } from './spec-error';

export type { Node, Pair, Scalar, YAMLMap, YAMLSeq };
export { isMap, isScalar, isSeq };

export class YamlSource {
  readonly problems: SpecProblem[] = [];
  /** Legal but surely not meant: the loader passes them on as the spec's warnings. */
  readonly warnings: SpecProblem[] = [];
  private readonly lines = new LineCounter();
  readonly root: unknown;

  constructor(
    readonly file: string,
    private readonly text: string,
  ) {
    const binary = binaryAt(text);
    if (binary !== undefined) {
      // Parsing garbage gives dozens of errors that each echo it: one problem says what the file is instead.
      const pos = lineAndColumn(text, binary);
      this.problems.push({
        file,
        ...pos,
        message: `this is not a YAML text file: it holds the control byte \\x${text.charCodeAt(binary).toString(16).padStart(2, '0')} here`,
      });
      this.root = undefined;
      return;
    }
    const doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
    const flowLines = new Set<number>();
    for (const err of doc.errors) {
      const pos = this.lines.linePos(err.pos[0]);
      const lineText = text.split('\n')[pos.line - 1] ?? '';
      const hint = flowHint(lineText);
      if (hint) {
        // One message per line: the raw errors of a broken flow collection are consequences of the first.
        if (!flowLines.has(pos.line)) {
          flowLines.add(pos.line);
          this.problems.push({ file, line: pos.line, column: hint.column, message: hint.message });
        }
        continue;
      }
      const first = err.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
      this.problems.push({ file, line: pos.line, column: pos.col, message: `invalid YAML: ${first}` });
    }
    this.root = doc.errors.length === 0 ? doc.contents : undefined;
  }

  /** The node's text exactly as written in the file (quotes and escapes included), or undefined. */
  raw(node: unknown): string | undefined {
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    return range ? this.text.slice(range[0], range[1]) : undefined;
  }

  /** Where a node (or the pair's key) starts; `offset` moves that many characters into its raw text. */
  loc(node: unknown, offset = 0): SourceLocation {
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    const pos = range ? this.lines.linePos(range[0] + offset) : { line: 1, col: 1 };
    return { file: this.file, line: pos.line, column: pos.col };
  }

  problem(node: unknown, message: string): void {
    this.problems.push({ ...this.loc(node), message });
  }

  /** Warns at the first `\x80`–`\xff` escape of a double-quoted scalar: it sends two UTF-8 bytes, not one. */
  warnHighEscapes(node: unknown): void {
    const escapes = highEscapes(this.raw(node) ?? '');
    if (escapes.length === 0) return;
    const at = this.loc(node, escapes[0]!.index);
    // A node read twice (an `any:` alternative tried as each form) still warns once.
    if (this.warnings.some((w) => w.line === at.line && w.column === at.column)) return;
    this.warnings.push({ ...at, message: highEscapeWarning(escapes) });
  }
}

/** The index of the first control character no YAML text holds (NUL, DEL, C0 except tab/LF/CR), if any. */
function binaryAt(text: string): number | undefined {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  const m = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.exec(text);
  return m ? m.index : undefined;
}

function lineAndColumn(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/** A `/regex/` written without quotes; inside `{ }` or `[ ]` its `[`, `]`, `{`, `}` and `,` are YAML syntax. */
const BARE_REGEX = /(?<=^|[\s{[,:])\/(?:\\.|[^/\n])+\/[a-z]*/g;

/**
 * When a line with a YAML error holds a flow collection (`{ … }` or `[ … ]`)
 * with an unquoted regex in it, the one thing to say: quote the regex (or
 * write the map as a block).
 */
function flowHint(line: string): { column: number; message: string } | undefined {
  const flow = /(?:^|[:-]\s+)([{[])/.exec(line);
  if (!flow) return undefined;
  const start = flow.index + flow[0].length - 1;
  for (const m of line.slice(start).matchAll(BARE_REGEX)) {
    const regex = m[0];
    if (!/[[\]{},]|: /.test(regex)) continue;
    const quoted = `'${regex.replace(/'/g, "''")}'`;
    return {
      column: start + m.index + 1,
      message:
        `invalid YAML: the regex ${regex} stands unquoted inside a flow ${flow[1] === '{' ? 'map { … }' : 'list [ … ]'}, ` +
        `where YAML reads its [ ] { } , and ": " as syntax; quote it: ${quoted} (or write the ${flow[1] === '{' ? 'map' : 'list'} as an indented block)`,
    };
  }
  return {
    column: start + 1,
    message:
      `invalid YAML inside the flow ${flow[1] === '{' ? 'map { … }' : 'list [ … ]'} that starts here: ` +
      `a value holding [ ] { } , or ": " must be quoted inside it (or write it as an indented block)`,
  };
}

/** The kind of a YAML node in words, for "expected X, found Y". */
export function describeNode(node: unknown): string {
  if (node === null || node === undefined) return 'nothing';
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return 'nothing';
    if (typeof v === 'string') return `the string ${quoteValue(v)}`;
    if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return `${typeof v} ${String(v)}`;
    return `${typeof v} value`;
  }
  return 'an unsupported YAML value';
}

/** The string in a scalar node, or undefined. Plain numbers count by their source text. */
export function scalarString(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  if (typeof node.value === 'string') return node.value;
  return undefined;
}

/** A scalar node's value (null for an empty one); any other node as it is. */
export function scalarOf(node: unknown): unknown {
  return node && typeof node === 'object' && 'value' in node ? node.value : node;
}

export function pairKey(pair: Pair): string {
  return isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

/** Suggests the nearest known word for a typo (edit distance at most 2). */
export function suggest(word: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = 3;
  for (const k of known) {
    const d = editDistance(word.toLowerCase(), k);
    // On a tie, a word the unknown one begins (u32 → u32be, not u8) is the likelier slip.
    if (
      d < bestDistance ||
      (d === bestDistance && best !== undefined && k.startsWith(word) && !best.startsWith(word))
    ) {
      best = k;
      bestDistance = d;
    }
  }
  return best ? ` (did you mean "${best}"?)` : '';
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}
