/**
 * Reads a `struct:` field list from YAML, for `send` (values to write,
 * lengths to compute) or `expect` (values to check, lengths to enforce).
 * Every misuse is a problem at its FILE:LINE:COLUMN before any byte is sent:
 * an unknown type, a value that does not fit, a length naming no field or
 * counting backwards, `bytes` with no size outside a length's region.
 */
import { quoteValue } from '../bytes';
import {
  mapFields,
  readBase64,
  readHex,
  readPayloadFile,
  readRegex,
  readRepeat,
  readTemplate,
} from '../yaml/read-basics';
import type { ReadContext } from '../yaml/read-basics';
import { INT_TYPES } from '../spec/struct';
import type { BytesSource, LengthOf, NumberCodec, NumberSource, StructField } from '../spec/struct';
import { VARIABLE_NAME, templateRefs } from '../spec/template';
import type { RegexSource, Template } from '../spec/types';
import { describeNode, isMap, isScalar, isSeq, pairKey, scalarString, suggest } from '../yaml/yaml-source';
import type { Pair } from '../yaml/yaml-source';
import { fits, range } from './numbers';

export type StructMode = 'send' | 'expect';

export const FIELD_TYPES = [
  ...Object.keys(INT_TYPES),
  'varint',
  'ber_length',
  'text',
  'cstring',
  'hex',
  'bytes',
  'struct',
];
const NUMBER_KEYS_SEND = ['length', 'includes_self', 'adjust', 'max_bytes'];
const NUMBER_KEYS_EXPECT = [...NUMBER_KEYS_SEND, 'as', 'mask', 'equals', 'in'];
const MAX_VARINT_BYTES = 10;

interface Where {
  readonly mode: StructMode;
  /** Inside a region whose size is known when read (a length's, or a whole frame payload's). */
  readonly inRegion: boolean;
}

/** A field as read, before its length references are resolved to indexes. */
type Draft = StructField & { readonly lengthNode?: unknown; readonly lengthWritten?: string };

/** Reads a `struct:` value: a non-empty list of fields. */
export function readStruct(
  ctx: ReadContext,
  node: unknown,
  mode: StructMode,
  inRegion = false,
): StructField[] | undefined {
  return readList(ctx, node, { mode, inRegion });
}

function readList(ctx: ReadContext, node: unknown, where: Where): StructField[] | undefined {
  if (!isSeq(node) || node.items.length === 0) {
    ctx.src.problem(
      node,
      `struct: expects a non-empty list of fields such as - u32be: 5 or - cstring: user; found ${isSeq(node) ? 'an empty list' : describeNode(node)}`,
    );
    return undefined;
  }
  const items = node.items;
  // A field after a `rest` length, or one another length names, is inside a region whose size is known.
  const restAt = items.findIndex((item) => lengthWord(item) === 'rest');
  const named = new Set(
    items.flatMap((item, i) => (lengthWord(item) === 'next' ? [`#${i + 1}`] : [lengthWord(item) ?? ''])),
  );
  const drafts: (Draft | undefined)[] = items.map((item, i) => {
    const sized =
      where.inRegion || (restAt >= 0 && i > restAt) || named.has(`#${i}`) || named.has(fieldName(item) ?? '\0');
    return readField(ctx, item, i + 1, { mode: where.mode, inRegion: sized });
  });
  if (drafts.some((d) => d === undefined)) return undefined;
  return resolveLengths(ctx, drafts as Draft[]);
}

function lengthWord(item: unknown): string | undefined {
  if (!isMap(item)) return undefined;
  for (const pair of item.items) {
    if (isMap(pair.value)) {
      for (const inner of pair.value.items) if (pairKey(inner) === 'length') return scalarString(inner.value);
    }
  }
  return undefined;
}

function fieldName(item: unknown): string | undefined {
  if (!isMap(item)) return undefined;
  const pair = item.items.find((p) => pairKey(p) === 'name');
  return pair ? scalarString(pair.value) : undefined;
}

/** Turns `length: next` and `length: NAME` into the index of the field counted. */
function resolveLengths(ctx: ReadContext, drafts: Draft[]): StructField[] | undefined {
  const names = new Map<string, number>();
  const problemsBefore = ctx.src.problems.length;
  drafts.forEach((d, i) => {
    if (d.name === undefined) return;
    if (names.has(d.name)) {
      ctx.src.problem(d.loc, `struct: two fields are named "${d.name}"; a length could not tell which it counts`);
    }
    names.set(d.name, i);
  });
  const out = drafts.map((d, i): StructField => {
    if (d.kind !== 'number' || d.lengthWritten === undefined) return strip(d);
    const { lengthNode, lengthWritten, ...field } = d;
    const what = lengthWritten;
    let counts: LengthOf['counts'];
    if (what === 'rest') {
      // Over no fields the length is 0 (plus itself with includes_self): PostgreSQL's Sync is 'S' and a length of 4, MQTT's PINGREQ 0xC0 and a length of 0.
      counts = 'rest';
    } else if (what === 'next') {
      if (i === drafts.length - 1) {
        ctx.src.problem(lengthNode, `length: next counts the next field, and this is the last one`);
      }
      counts = { field: i + 1 };
    } else {
      const target = names.get(what);
      if (target === undefined) {
        ctx.src.problem(
          lengthNode,
          `length: "${what}" names no field of this struct${suggest(what, [...names.keys()])}; expected rest, next or the name: of a later field`,
        );
        counts = 'rest';
      } else if (target <= i) {
        ctx.src.problem(
          lengthNode,
          `length: "${what}" counts backwards: field ${target + 1} comes before this length field; a length counts fields after it`,
        );
        counts = 'rest';
      } else counts = { field: target };
    }
    return { ...field, length: { ...field.length!, counts } };
  });
  return ctx.src.problems.length === problemsBefore ? out : undefined;
}

function strip(d: Draft): StructField {
  const { lengthNode: _n, lengthWritten: _w, ...field } = d;
  return field;
}

function readField(ctx: ReadContext, node: unknown, index: number, where: Where): Draft | undefined {
  if (!isMap(node)) {
    ctx.src.problem(
      node,
      `struct field ${index}: expects a map with one type key such as { u16be: 5 }, found ${describeNode(node)}`,
    );
    return undefined;
  }
  let typePair: Pair | undefined;
  let name: string | undefined;
  let ok = true;
  for (const pair of node.items) {
    const key = pairKey(pair);
    if (key === 'name') {
      const n = scalarString(pair.value);
      if (n === undefined || !VARIABLE_NAME.test(n)) {
        ctx.src.problem(
          pair.value ?? pair.key,
          `struct field ${index}: name: expects a name (letters, digits, _), found ${describeNode(pair.value)}`,
        );
        ok = false;
      } else name = n;
    } else if (FIELD_TYPES.includes(key)) {
      if (typePair) {
        ctx.src.problem(
          pair.key,
          `struct field ${index}: has two types, "${pairKey(typePair)}" and "${key}"; a field has one`,
        );
        ok = false;
      } else typePair = pair;
    } else {
      ctx.src.problem(
        pair.key,
        `struct field ${index}: unknown field type ${quoteValue(key)}${suggest(key, FIELD_TYPES)}; expected one of: ${FIELD_TYPES.join(', ')} (plus name)`,
      );
      ok = false;
    }
  }
  if (!typePair) {
    if (ok) ctx.src.problem(node, `struct field ${index}: has no type; expected one of: ${FIELD_TYPES.join(', ')}`);
    return undefined;
  }
  if (!ok) return undefined;
  const type = pairKey(typePair);
  const value = typePair.value;
  const base = { index, type, loc: ctx.src.loc(node), ...(name !== undefined ? { name } : {}) };
  const at = `struct field ${index} (${type})`;
  if (type in INT_TYPES) {
    const t = type as keyof typeof INT_TYPES;
    return readNumberField(ctx, value ?? typePair.key, base, { kind: 'int', type: t, ...INT_TYPES[t] }, where, at);
  }
  switch (type) {
    case 'varint': {
      const maxBytes = readMaxBytes(ctx, value, at);
      if (maxBytes === undefined) return undefined;
      return readNumberField(ctx, value ?? typePair.key, base, { kind: 'varint', maxBytes }, where, at);
    }
    case 'ber_length':
      return readNumberField(ctx, value ?? typePair.key, base, { kind: 'ber_length' }, where, at);
    case 'text': {
      const t = readText(ctx, value ?? typePair.key, at);
      return t && { ...base, kind: 'text', text: t };
    }
    case 'hex': {
      const bytes = readHex(ctx, value ?? typePair.key);
      return bytes && { ...base, kind: 'hex', bytes };
    }
    case 'cstring':
      return readCstring(ctx, value ?? typePair.key, base, where, at);
    case 'bytes':
      return where.mode === 'send'
        ? readBytesToSend(ctx, value ?? typePair.key, base, at)
        : readBytesToExpect(ctx, value ?? typePair.key, base, where, at);
    default: {
      const fields = readList(ctx, value ?? typePair.key, where);
      return fields && { ...base, kind: 'struct', fields };
    }
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

type Base = { readonly index: number; readonly type: string; readonly loc: StructField['loc']; readonly name?: string };

function readText(ctx: ReadContext, node: unknown, at: string): Template | undefined {
  const s = scalarString(node);
  if (s === undefined) {
    ctx.src.problem(node, `${at}: expects text, found ${describeNode(node)}`);
    return undefined;
  }
  return readTemplate(ctx, node, s);
}

function readMaxBytes(ctx: ReadContext, value: unknown, at: string): number | undefined {
  if (!isMap(value)) return MAX_VARINT_BYTES;
  const pair = value.items.find((p) => pairKey(p) === 'max_bytes');
  if (!pair) return MAX_VARINT_BYTES;
  const n = isScalar(pair.value) ? pair.value.value : undefined;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_VARINT_BYTES) {
    ctx.src.problem(
      pair.value ?? pair.key,
      `${at}: max_bytes expects a whole number from 1 to ${MAX_VARINT_BYTES}, found ${describeNode(pair.value)}`,
    );
    return undefined;
  }
  return n;
}

/** An integer as written: a number (`0x1f`, 64-bit exact), or `${name}`. */
function readNumberSource(ctx: ReadContext, node: unknown, codec: NumberCodec, at: string): NumberSource | undefined {
  const s = scalarString(node);
  if (s !== undefined) {
    const t = readTemplate(ctx, node, s);
    if (!t) return undefined;
    if (t.parts.length === 1 && typeof t.parts[0] !== 'string') return t;
    ctx.src.problem(node, `${at}: expects a number (or "\${name}" holding one), found ${quoteValue(s)}`);
    return undefined;
  }
  const v = readInteger(ctx, node, at);
  if (v === undefined) return undefined;
  if (!fits(codec, v)) {
    const { min, max } = range(codec);
    ctx.src.problem(node, `${at}: ${v} does not fit a ${at.replace(/.*\((.*)\)$/, '$1')} (${min} to ${max})`);
    return undefined;
  }
  return v;
}

/** A whole number, exactly as written even beyond 2^53 (YAML gives a float there). */
function readInteger(ctx: ReadContext, node: unknown, at: string): bigint | undefined {
  const v = isScalar(node) ? node.value : undefined;
  if (typeof v === 'number' && Number.isInteger(v)) {
    const written = (node as { source?: string }).source ?? String(v);
    const m = /^([-+]?)(0x[0-9a-fA-F]+|0o[0-7]+|\d+)$/.exec(written.replace(/_/g, ''));
    if (m) {
      const magnitude = BigInt(m[2]!);
      return m[1] === '-' ? -magnitude : magnitude;
    }
    return BigInt(v);
  }
  ctx.src.problem(node, `${at}: expects a whole number (0x1f allowed), found ${describeNode(node)}`);
  return undefined;
}

function readNumberField(
  ctx: ReadContext,
  node: unknown,
  base: Base,
  codec: NumberCodec,
  where: Where,
  at: string,
): Draft | undefined {
  if (!isMap(node)) {
    const value = readNumberSource(ctx, node, codec, at);
    return value === undefined ? undefined : { ...base, kind: 'number', codec, value };
  }
  const allowed = where.mode === 'send' ? NUMBER_KEYS_SEND : NUMBER_KEYS_EXPECT;
  for (const pair of node.items) {
    const key = pairKey(pair);
    if (where.mode === 'send' && NUMBER_KEYS_EXPECT.includes(key) && !allowed.includes(key)) {
      ctx.src.problem(
        pair.key,
        `${at}: ${key} checks what is received, so it goes only in expect; in send give the value`,
      );
      return undefined;
    }
    if (key === 'max_bytes' && codec.kind !== 'varint') {
      ctx.src.problem(pair.key, `${at}: max_bytes goes only with varint`);
      return undefined;
    }
  }
  const fields = mapFields(ctx, node, allowed, `a ${base.type} field`);
  if (!fields) return undefined;
  const num = (key: string): bigint | undefined => {
    const p = fields.get(key);
    return p ? readInteger(ctx, p.value ?? p.key, `${at}: ${key}`) : undefined;
  };
  let ok = true;
  const field: Mutable<Extract<Draft, { kind: 'number' }>> = { ...base, kind: 'number', codec };
  const lengthPair = fields.get('length');
  for (const key of ['includes_self', 'adjust']) {
    if (fields.has(key) && !lengthPair) {
      ctx.src.problem(fields.get(key)!.key, `${at}: ${key} goes only with length`);
      ok = false;
    }
  }
  if (lengthPair) {
    const written = scalarString(lengthPair.value);
    if (written === undefined || written === '') {
      ctx.src.problem(
        lengthPair.value ?? lengthPair.key,
        `${at}: length expects rest, next or a field's name, found ${describeNode(lengthPair.value)}`,
      );
      ok = false;
    }
    const selfPair = fields.get('includes_self');
    const includesSelf = selfPair ? isScalar(selfPair.value) && selfPair.value.value === true : false;
    if (selfPair && !(isScalar(selfPair.value) && typeof selfPair.value.value === 'boolean')) {
      ctx.src.problem(
        selfPair.value ?? selfPair.key,
        `${at}: includes_self expects true or false, found ${describeNode(selfPair.value)}`,
      );
      ok = false;
    }
    const adjust = fields.has('adjust') ? num('adjust') : 0n;
    if (adjust === undefined) ok = false;
    field.length = { counts: 'rest', written: written ?? '', includesSelf, adjust: Number(adjust ?? 0n) };
    field.lengthNode = lengthPair.value ?? lengthPair.key;
    field.lengthWritten = written;
  }
  const asPair = fields.get('as');
  if (asPair) {
    const as = scalarString(asPair.value);
    if (as === undefined || !VARIABLE_NAME.test(as)) {
      ctx.src.problem(
        asPair.value ?? asPair.key,
        `${at}: as: expects a variable name (letters, digits, _), found ${describeNode(asPair.value)}`,
      );
      ok = false;
    } else field.as = as;
  }
  if (fields.has('mask') !== fields.has('equals')) {
    const has = fields.has('mask') ? 'mask' : 'equals';
    ctx.src.problem(
      fields.get(has)!.key,
      `${at}: ${has} needs ${has === 'mask' ? 'equals' : 'mask'} beside it ({ mask: 0x800f, equals: 0x8000 })`,
    );
    ok = false;
  } else if (fields.has('mask')) {
    const mask = num('mask');
    const equals = num('equals');
    if (mask === undefined || equals === undefined) ok = false;
    else if ((equals & ~mask) !== 0n) {
      ctx.src.problem(
        fields.get('equals')!.value,
        `${at}: equals 0x${equals.toString(16)} has bits outside the mask 0x${mask.toString(16)}, so nothing can match`,
      );
      ok = false;
    } else field.mask = { mask, equals };
  }
  const inPair = fields.get('in');
  if (inPair) {
    if (!isSeq(inPair.value) || inPair.value.items.length === 0) {
      ctx.src.problem(
        inPair.value ?? inPair.key,
        `${at}: in expects a non-empty list of numbers, found ${describeNode(inPair.value)}`,
      );
      ok = false;
    } else {
      const values = inPair.value.items.map((item) => readNumberSource(ctx, item, codec, at));
      if (values.some((v) => typeof v !== 'bigint')) {
        if (values.every((v) => v !== undefined)) ctx.src.problem(inPair.value, `${at}: in takes numbers only`);
        ok = false;
      } else field.in = values as bigint[];
    }
  }
  if (where.mode === 'send' && !lengthPair && ok) {
    ctx.src.problem(
      node,
      `${at}: in send a number field needs a value (${base.type}: 5) or a length ({ length: rest })`,
    );
    ok = false;
  }
  return ok ? field : undefined;
}

function readCstring(ctx: ReadContext, node: unknown, base: Base, where: Where, at: string): Draft | undefined {
  if (!isMap(node)) {
    const text = readText(ctx, node, at);
    return text && { ...base, kind: 'cstring', text };
  }
  if (where.mode === 'send') {
    ctx.src.problem(node, `${at}: in send a cstring is its text (cstring: user)`);
    return undefined;
  }
  const fields = mapFields(ctx, node, ['as', 'match'], 'a cstring field');
  if (!fields) return undefined;
  const captured = readCapture(ctx, fields, at);
  return captured && { ...base, kind: 'cstring', ...captured };
}

/** `as:` and `match:` of a cstring or bytes field. */
function readCapture(
  ctx: ReadContext,
  fields: ReadonlyMap<string, Pair>,
  at: string,
): { as?: string; match?: RegexSource } | undefined {
  const out: { as?: string; match?: RegexSource } = {};
  const asPair = fields.get('as');
  if (asPair) {
    const as = scalarString(asPair.value);
    if (as === undefined || !VARIABLE_NAME.test(as)) {
      ctx.src.problem(
        asPair.value ?? asPair.key,
        `${at}: as: expects a variable name (letters, digits, _), found ${describeNode(asPair.value)}`,
      );
      return undefined;
    }
    out.as = as;
  }
  const matchPair = fields.get('match');
  if (matchPair) {
    const s = scalarString(matchPair.value);
    const re = s === undefined ? undefined : readRegex(ctx, matchPair.value, s);
    if (!re) {
      if (s === undefined)
        ctx.src.problem(
          matchPair.value ?? matchPair.key,
          `${at}: match: expects a /regex/, found ${describeNode(matchPair.value)}`,
        );
      return undefined;
    }
    out.match = re;
  }
  return out;
}

function readBytesToSend(ctx: ReadContext, node: unknown, base: Base, at: string): Draft | undefined {
  const s = scalarString(node);
  if (s !== undefined) {
    const t = readTemplate(ctx, node, s);
    return t && { ...base, kind: 'bytes', send: { kind: 'template', text: t } };
  }
  if (!isMap(node)) {
    ctx.src.problem(
      node,
      `${at}: in send expects "\${name}" (a variable holding bytes), { base64 }, { repeat, times } or { file }; found ${describeNode(node)}`,
    );
    return undefined;
  }
  const fields = mapFields(ctx, node, ['base64', 'repeat', 'times', 'file'], 'a bytes field to send');
  if (!fields) return undefined;
  let send: BytesSource | undefined;
  if (fields.has('repeat')) {
    const r = readRepeat(ctx, fields, at);
    send = r && { kind: 'repeat', ...r };
  } else if (fields.has('base64')) {
    const bytes = readBase64(ctx, fields.get('base64')!.value);
    send = bytes && { kind: 'literal', bytes };
  } else if (fields.has('file')) {
    const bytes = readPayloadFile(ctx, fields.get('file')!.value);
    send = bytes && { kind: 'literal', bytes };
  } else {
    ctx.src.problem(node, `${at}: in send takes one of base64, repeat (with times), file`);
  }
  return send && { ...base, kind: 'bytes', send };
}

function readBytesToExpect(ctx: ReadContext, node: unknown, base: Base, where: Where, at: string): Draft | undefined {
  const noSize = (n: unknown): void => {
    ctx.src.problem(
      n,
      `${at}: has no size here: rest means what an enclosing length leaves, and no length bounds this field; give { size: N } or put it after a length ({ length: rest })`,
    );
  };
  if (!isMap(node)) {
    const s = scalarString(node);
    if (s === 'rest') {
      if (where.inRegion) return { ...base, kind: 'bytes', size: 'rest' };
      noSize(node);
      return undefined;
    }
    if (isScalar(node) && typeof node.value === 'number') {
      const n = readInteger(ctx, node, at);
      return n === undefined ? undefined : { ...base, kind: 'bytes', size: Number(n) };
    }
    ctx.src.problem(
      node,
      `${at}: in expect takes rest, a number of bytes, or { size, match, as }; found ${describeNode(node)}`,
    );
    return undefined;
  }
  const fields = mapFields(ctx, node, ['size', 'match', 'as'], 'a bytes field');
  if (!fields) return undefined;
  const captured = readCapture(ctx, fields, at);
  if (!captured) return undefined;
  const sizePair = fields.get('size');
  let size: number | Template | 'rest';
  if (!sizePair || scalarString(sizePair.value) === 'rest') {
    if (!where.inRegion) {
      noSize(sizePair?.value ?? node);
      return undefined;
    }
    size = 'rest';
  } else if (scalarString(sizePair.value) !== undefined) {
    const t = readTemplate(ctx, sizePair.value, scalarString(sizePair.value)!);
    if (!t) return undefined;
    if (t.parts.length !== 1 || typeof t.parts[0] === 'string') {
      ctx.src.problem(sizePair.value, `${at}: size expects a number, rest, or "\${name}" holding a number`);
      return undefined;
    }
    size = t;
  } else {
    const n = readInteger(ctx, sizePair.value, `${at}: size`);
    if (n === undefined) return undefined;
    if (n < 0n) {
      ctx.src.problem(sizePair.value, `${at}: size cannot be negative`);
      return undefined;
    }
    size = Number(n);
  }
  return { ...base, kind: 'bytes', size, ...captured };
}

/** Every `${...}` a field list reads. */
export function structTemplates(fields: readonly StructField[]): Template[] {
  return fields.flatMap((f): Template[] => {
    switch (f.kind) {
      case 'number':
        return [...(f.value !== undefined && typeof f.value !== 'bigint' ? [f.value] : [])];
      case 'text':
        return [f.text];
      case 'cstring':
        return [...(f.text ? [f.text] : []), ...(f.match ? [f.match.pattern] : [])];
      case 'hex':
        return [];
      case 'bytes':
        return [
          ...(f.send && f.send.kind !== 'literal' ? [f.send.text] : []),
          ...(f.size !== undefined && typeof f.size === 'object' ? [f.size] : []),
          ...(f.match ? [f.match.pattern] : []),
        ];
      case 'struct':
        return structTemplates(f.fields);
    }
  });
}

/**
 * The templates of a struct to match that read variables from outside it: a
 * template whose every `${name}` an earlier field of the same struct captures
 * has its value when it is read (the decoder stores captures field by field),
 * so it is the struct's own business, not the variables check's.
 */
export function structOutsideTemplates(fields: readonly StructField[]): Template[] {
  const captured = new Set<string>();
  const outside: Template[] = [];
  const walk = (list: readonly StructField[]): void => {
    for (const f of list) {
      if (f.kind === 'struct') {
        walk(f.fields);
        continue;
      }
      for (const t of structTemplates([f])) if (!templateRefs(t).every((name) => captured.has(name))) outside.push(t);
      for (const name of structCaptures([f])) captured.add(name);
    }
  };
  walk(fields);
  return outside;
}

/** Every variable a field list stores when it matches. */
export function structCaptures(fields: readonly StructField[]): string[] {
  return fields.flatMap((f): string[] => {
    if (f.kind === 'struct') return structCaptures(f.fields);
    if (f.kind === 'number' || f.kind === 'cstring' || f.kind === 'bytes') {
      const groups = f.kind !== 'number' && f.match ? f.match.groups : [];
      return [...groups, ...(f.as !== undefined ? [f.as] : [])];
    }
    return [];
  });
}
