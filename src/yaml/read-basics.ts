/**
 * The small readers every form of the spec format shares: templates, counts,
 * hex, regexes, `repeat`, and a map's keys checked against the ones allowed.
 * The payload reader and each matcher kind (src/match/kinds/) build on them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { quoteValue } from '../bytes';
import { escapeRegex, parseTemplate, VARIABLE_NAME } from '../spec/template';
import type { RegexSource, Template } from '../spec/types';
import { describeNode, isScalar, pairKey, scalarString, suggest } from './yaml-source';
import type { Pair, YamlSource, YAMLMap } from './yaml-source';

/** Where `file:` payloads resolve from and may not leave. */
export interface ReadContext {
  readonly src: YamlSource;
  readonly specDir: string;
  readonly root: string;
}

export const REGEX_FLAGS = new Set(['d', 'i', 'm', 's', 'u', 'v']);
/** The largest payload or matcher one spec may ask to hold; `repeat` and `bytes` stream beyond it. */
export const MAX_REPEAT_TIMES = 2 ** 40;

export function readTemplate(ctx: ReadContext, node: unknown, text: string): Template | undefined {
  const t = parseTemplate(text, ctx.src.loc(node));
  if ('error' in t) {
    ctx.src.problem(node, t.error);
    return undefined;
  }
  return t;
}

/** The map's pairs by key; reports keys outside `allowed`, naming the form. */
export function mapFields(
  ctx: ReadContext,
  map: YAMLMap,
  allowed: readonly string[],
  form: string,
): Map<string, Pair> | undefined {
  const fields = new Map<string, Pair>();
  let ok = true;
  for (const pair of map.items) {
    const key = pairKey(pair);
    if (!allowed.includes(key)) {
      ctx.src.problem(
        pair.key,
        `unknown key ${quoteValue(key)} in ${form}${suggest(key, allowed)}; expected one of: ${allowed.join(', ')}`,
      );
      ok = false;
    }
    fields.set(key, pair);
  }
  return ok ? fields : undefined;
}

export function readCount(ctx: ReadContext, pair: Pair | undefined, what: string, min: number): number | undefined {
  const v = isScalar(pair?.value) ? pair.value.value : undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > MAX_REPEAT_TIMES) {
    ctx.src.problem(
      pair?.value ?? pair?.key,
      `${what} must be a whole number of at least ${min}, found ${describeNode(pair?.value)}`,
    );
    return undefined;
  }
  return v;
}

export function readHex(ctx: ReadContext, node: unknown): Buffer | undefined {
  const text = scalarString(node);
  if (text === undefined) {
    ctx.src.problem(node, `hex: expects a string of hex digits such as "0a ff 00", found ${describeNode(node)}`);
    return undefined;
  }
  const digits = text.replace(/\s+/g, '');
  const bad = /[^0-9a-fA-F]/.exec(digits);
  if (bad) {
    ctx.src.problem(node, `hex: "${bad[0]}" is not a hex digit (expected 0-9, a-f; whitespace is ignored)`);
    return undefined;
  }
  if (digits.length % 2 !== 0) {
    ctx.src.problem(node, `hex: odd number of hex digits (${digits.length}); every byte takes two`);
    return undefined;
  }
  return Buffer.from(digits, 'hex');
}

export function readRepeat(
  ctx: ReadContext,
  fields: ReadonlyMap<string, Pair>,
  form: string,
): { text: Template; times: number } | undefined {
  const textNode = fields.get('repeat')!.value;
  const text = scalarString(textNode);
  if (text === undefined || text.length === 0) {
    ctx.src.problem(
      textNode ?? fields.get('repeat')!.key,
      `${form} repeat: expects a non-empty string, found ${describeNode(textNode)}`,
    );
    return undefined;
  }
  if (!fields.has('times')) {
    ctx.src.problem(fields.get('repeat')!.key, `${form} repeat: needs "times: N" beside it`);
    return undefined;
  }
  const template = readTemplate(ctx, textNode, text);
  const times = readCount(ctx, fields.get('times'), 'times', 1);
  return template && times !== undefined ? { text: template, times } : undefined;
}

/** `/pattern/flags` as a checked regex, or undefined (with a problem) when it is not one. */
export function readRegex(ctx: ReadContext, node: unknown, text: string): RegexSource | undefined {
  const m = /^\/([\s\S]*)\/([a-z]*)$/.exec(text);
  if (!m) {
    ctx.src.problem(node, `expected a regex written as /pattern/flags, found ${quoteValue(text)}`);
    return undefined;
  }
  const [, body, flags] = m as unknown as [string, string, string];
  for (const f of flags) {
    if (!REGEX_FLAGS.has(f)) {
      const why = f === 'g' || f === 'y' ? ' (a matcher always matches one whole line, so g and y do not apply)' : '';
      ctx.src.problem(node, `regex flag "${f}" is not allowed${why}; expected any of: ${[...REGEX_FLAGS].join(', ')}`);
      return undefined;
    }
  }
  const pattern = readTemplate(ctx, node, body);
  if (!pattern) return undefined;
  const probe = pattern.parts.map((p) => (typeof p === 'string' ? p : escapeRegex('v'))).join('');
  try {
    new RegExp(`^(?:${probe})$`, flags);
  } catch (err) {
    ctx.src.problem(
      node,
      `invalid regex /${body}/${flags}: ${(err as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '')}`,
    );
    return undefined;
  }
  const groups = [...probe.matchAll(/\(\?<([A-Za-z_$][\w$]*)>/g)].map((g) => g[1]!);
  for (const g of groups) {
    if (!VARIABLE_NAME.test(g)) {
      ctx.src.problem(node, `named group "${g}" cannot be a variable name (letters, digits, _)`);
      return undefined;
    }
  }
  return { pattern, flags, groups };
}

/** `base64: ...`: decoded bytes. */
export function readBase64(ctx: ReadContext, node: unknown): Buffer | undefined {
  const text = scalarString(node)?.replace(/\s+/g, '');
  if (text === undefined || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(text) || text.length % 4 === 1) {
    ctx.src.problem(node, `base64: expects base64 text, found ${describeNode(node)}`);
    return undefined;
  }
  return Buffer.from(text, 'base64');
}

/** `file: path`: the bytes of a file inside the spec collection, relative to the spec file. */
export function readPayloadFile(ctx: ReadContext, node: unknown): Buffer | undefined {
  const rel = scalarString(node);
  if (rel === undefined) {
    ctx.src.problem(node, `file: expects a path relative to the spec file, found ${describeNode(node)}`);
    return undefined;
  }
  const full = path.resolve(ctx.specDir, rel);
  let real: string;
  try {
    real = fs.realpathSync(full);
  } catch {
    ctx.src.problem(node, `file: "${rel}" does not exist (looked for ${full})`);
    return undefined;
  }
  const root = fs.realpathSync(ctx.root);
  if (real !== root && !real.startsWith(root + path.sep)) {
    ctx.src.problem(
      node,
      `file: "${rel}" is outside the spec collection (${ctx.root}); payload files must live inside it`,
    );
    return undefined;
  }
  try {
    return fs.readFileSync(real);
  } catch (err) {
    ctx.src.problem(node, `file: cannot read "${rel}": ${(err as Error).message}`);
    return undefined;
  }
}
