/** Reads the payload (`send`) and matcher (`expect`) forms of the spec format from YAML nodes. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { escapeRegex, parseTemplate, VARIABLE_NAME } from './template';
import type { FrameHeader, Matcher, Payload, RegexSource, Template } from './types';
import { LengthHeaders } from '../framing/length-prefix-decoder';
import { describeNode, isMap, isScalar, pairKey, scalarString, suggest } from './yaml-source';
import type { Pair, YamlSource, YAMLMap } from './yaml-source';

/** Where `file:` payloads resolve from and may not leave. */
export interface ReadContext {
  readonly src: YamlSource;
  readonly specDir: string;
  readonly root: string;
}

const FRAME_HEADERS: readonly FrameHeader[] = LengthHeaders;
const REGEX_FLAGS = new Set(['d', 'i', 'm', 's', 'u', 'v']);
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
function mapFields(
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
        `unknown key "${key}" in ${form}${suggest(key, allowed)}; expected one of: ${allowed.join(', ')}`,
      );
      ok = false;
    }
    fields.set(key, pair);
  }
  return ok ? fields : undefined;
}

function readCount(ctx: ReadContext, pair: Pair | undefined, what: string, min: number): number | undefined {
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

function readHex(ctx: ReadContext, node: unknown): Buffer | undefined {
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

function readBase64(ctx: ReadContext, node: unknown): Buffer | undefined {
  const text = scalarString(node)?.replace(/\s+/g, '');
  if (text === undefined || !/^[A-Za-z0-9+/_-]*={0,2}$/.test(text) || text.length % 4 === 1) {
    ctx.src.problem(node, `base64: expects base64 text, found ${describeNode(node)}`);
    return undefined;
  }
  return Buffer.from(text, 'base64');
}

function readFile(ctx: ReadContext, node: unknown): Buffer | undefined {
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

function readRepeat(
  ctx: ReadContext,
  fields: Map<string, Pair>,
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

/** A `send:` value. */
export function readPayload(ctx: ReadContext, node: unknown): Payload | undefined {
  const text = scalarString(node);
  if (text !== undefined) {
    const t = readTemplate(ctx, node, text);
    return t && { kind: 'text', text: t };
  }
  if (isScalar(node) && (typeof node.value === 'number' || typeof node.value === 'boolean')) {
    ctx.src.problem(node, `send: found ${describeNode(node)}; quote it to send it as text ("${String(node.value)}")`);
    return undefined;
  }
  if (!isMap(node)) {
    ctx.src.problem(
      node,
      `send: expects text or one of { hex }, { base64 }, { file }, { repeat, times }; found ${describeNode(node)}`,
    );
    return undefined;
  }
  const fields = mapFields(ctx, node, ['hex', 'base64', 'file', 'repeat', 'times'], 'a send payload');
  if (!fields) return undefined;
  const forms = ['hex', 'base64', 'file', 'repeat'].filter((k) => fields.has(k));
  if (forms.length !== 1) {
    ctx.src.problem(
      node,
      `send: a payload map takes exactly one of hex, base64, file, repeat; found ${forms.length ? forms.join(' and ') : 'none'}`,
    );
    return undefined;
  }
  const form = forms[0]!;
  const value = fields.get(form)!.value;
  if (form !== 'repeat' && fields.has('times')) {
    ctx.src.problem(fields.get('times')!.key, `send: "times" goes only with "repeat"`);
    return undefined;
  }
  switch (form) {
    case 'hex': {
      const bytes = readHex(ctx, value);
      return bytes && { kind: 'bytes', bytes, form: 'hex' };
    }
    case 'base64': {
      const bytes = readBase64(ctx, value);
      return bytes && { kind: 'bytes', bytes, form: 'base64' };
    }
    case 'file': {
      const bytes = readFile(ctx, value);
      return bytes && { kind: 'bytes', bytes, form: 'file' };
    }
    default: {
      const r = readRepeat(ctx, fields, 'send');
      return r && { kind: 'repeat', ...r };
    }
  }
}

/** `/pattern/flags` as a checked regex, or undefined (with a problem) when it is not one. */
export function readRegex(ctx: ReadContext, node: unknown, text: string): RegexSource | undefined {
  const m = /^\/([\s\S]*)\/([a-z]*)$/.exec(text);
  if (!m) {
    ctx.src.problem(node, `expected a regex written as /pattern/flags, found ${JSON.stringify(text)}`);
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

function readFrameHeader(ctx: ReadContext, node: unknown): FrameHeader | undefined {
  const h = scalarString(node);
  if (h && (FRAME_HEADERS as readonly string[]).includes(h)) return h as FrameHeader;
  ctx.src.problem(
    node,
    `frame: expects a length header, one of ${FRAME_HEADERS.join(', ')}; found ${describeNode(node)}${h ? suggest(h, FRAME_HEADERS) : ''}`,
  );
  return undefined;
}

/** Which matcher forms may stand where; `until`/`each` and frame payloads judge one complete unit. */
export type MatcherPlace = 'stream' | 'line' | 'unit';

/** An `expect:` value (or a nested matcher). */
export function readMatcher(ctx: ReadContext, node: unknown, place: MatcherPlace = 'stream'): Matcher | undefined {
  const text = scalarString(node);
  if (text !== undefined) {
    if (text === 'eof') {
      if (place !== 'stream') {
        ctx.src.problem(
          node,
          `eof cannot stand inside until, each or a frame payload; write { text: eof } for the text "eof"`,
        );
        return undefined;
      }
      return { kind: 'eof' };
    }
    // A regex is /…/ plus JavaScript flag letters; "/usr/local" is text.
    if (text.length >= 2 && text.startsWith('/') && /\/[dgimsuvy]*$/.test(text)) {
      const regex = readRegex(ctx, node, text);
      return regex && { kind: 'regex', regex };
    }
    const t = readTemplate(ctx, node, text);
    return t && { kind: 'text', text: t };
  }
  if (isScalar(node) && (typeof node.value === 'number' || typeof node.value === 'boolean')) {
    ctx.src.problem(
      node,
      `expect: found ${describeNode(node)}; quote it to expect it as text ("${String(node.value)}")`,
    );
    return undefined;
  }
  if (!isMap(node)) {
    ctx.src.problem(
      node,
      `expect: expects text, /regex/, eof, or one of { text }, { hex }, { bytes }, { until }, { frame }, { repeat }; found ${describeNode(node)}`,
    );
    return undefined;
  }
  const fields = mapFields(
    ctx,
    node,
    ['text', 'hex', 'bytes', 'match', 'as', 'until', 'each', 'frame', 'payload', 'repeat', 'times'],
    'a matcher',
  );
  if (!fields) return undefined;
  const forms = ['text', 'hex', 'bytes', 'until', 'frame', 'repeat'].filter((k) => fields.has(k));
  if (forms.length !== 1) {
    ctx.src.problem(
      node,
      `a matcher map takes exactly one of text, hex, bytes, until, frame, repeat; found ${forms.length ? forms.join(' and ') : 'none'}`,
    );
    return undefined;
  }
  const form = forms[0]!;
  const companions: Record<string, string[]> = {
    bytes: ['match', 'as'],
    until: ['each'],
    frame: ['payload'],
    repeat: ['times'],
  };
  for (const key of fields.keys()) {
    if (key !== form && !(companions[form] ?? []).includes(key)) {
      ctx.src.problem(
        fields.get(key)!.key,
        `"${key}" does not go with "${form}"; ${form} takes ${(companions[form] ?? []).join(', ') || 'nothing else'}`,
      );
      return undefined;
    }
  }
  const value = fields.get(form)!.value;
  if ((form === 'until' || form === 'frame' || form === 'repeat') && place !== 'stream') {
    ctx.src.problem(node, `${form} cannot stand inside until, each or a frame payload`);
    return undefined;
  }
  switch (form) {
    case 'text': {
      const s = scalarString(value);
      if (s === undefined) {
        ctx.src.problem(value, `text: expects a string, found ${describeNode(value)}`);
        return undefined;
      }
      const t = readTemplate(ctx, value, s);
      return t && { kind: 'text', text: t };
    }
    case 'hex': {
      const bytes = readHex(ctx, value);
      return bytes && { kind: 'hex', bytes };
    }
    case 'bytes': {
      const count = readCount(ctx, fields.get('bytes'), 'bytes', 0);
      let match: RegexSource | undefined;
      const matchNode = fields.get('match')?.value;
      if (matchNode !== undefined) {
        const s = scalarString(matchNode);
        match = s === undefined ? undefined : readRegex(ctx, matchNode, s);
        if (!match) {
          if (s === undefined) ctx.src.problem(matchNode, `match: expects a /regex/, found ${describeNode(matchNode)}`);
          return undefined;
        }
      }
      const asNode = fields.get('as')?.value;
      const as = asNode === undefined ? undefined : scalarString(asNode);
      if (asNode !== undefined && (as === undefined || !VARIABLE_NAME.test(as))) {
        ctx.src.problem(asNode, `as: expects a variable name (letters, digits, _), found ${describeNode(asNode)}`);
        return undefined;
      }
      if (count === undefined) return undefined;
      return { kind: 'bytes', count, ...(match ? { match } : {}), ...(as ? { as } : {}) };
    }
    case 'until': {
      const until = readMatcher(ctx, value, 'line');
      const eachNode = fields.get('each')?.value;
      const each = eachNode === undefined ? undefined : readMatcher(ctx, eachNode, 'line');
      if (!until || (eachNode !== undefined && !each)) return undefined;
      return { kind: 'until', until, ...(each ? { each } : {}) };
    }
    case 'frame': {
      const header = readFrameHeader(ctx, value);
      const payloadNode = fields.get('payload')?.value;
      const payload = payloadNode === undefined ? undefined : readMatcher(ctx, payloadNode, 'unit');
      if (!header || (payloadNode !== undefined && !payload)) return undefined;
      return { kind: 'frame', header, ...(payload ? { payload } : {}) };
    }
    default: {
      const r = readRepeat(ctx, fields, 'expect');
      return r && { kind: 'repeat', ...r };
    }
  }
}
