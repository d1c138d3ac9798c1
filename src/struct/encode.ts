/**
 * `send: { struct: [...] }`: the message's bytes, with every length field
 * computed from what it counts, and where each field lies in them (for the
 * fuzzer's cuts, its words, and lying lengths).
 */
import { renderTemplate, renderTemplateBytes } from '../spec/template';
import type { Vars } from '../spec/template';
import { fieldLabel } from '../spec/struct';
import type { NumberSource, StructField } from '../spec/struct';
import { encodeNumber, encodedWidth, fits, range } from './numbers';

/** Where one field lies in an encoded message. */
export interface FieldSpan {
  /** The field and the structs that hold it, outermost first. */
  readonly path: readonly StructField[];
  /** `field 2.1 (u32be length)`. */
  readonly label: string;
  readonly start: number;
  readonly end: number;
}

export interface Encoded {
  readonly bytes: Buffer;
  /** Every field, nested ones too, in the order they start (a struct before its own fields). */
  readonly spans: readonly FieldSpan[];
}

/** A length field made to lie: `at` is its path of 1-based indexes (`[2, 1]` is field 2.1). */
export interface LengthLie {
  readonly at: readonly number[];
  /** The value to write instead of the true one (it must fit the field). */
  readonly value: (truth: bigint) => bigint;
}

/** A struct that cannot be encoded with the variables as they stand; the peer names the step. */
export class StructEncodeError extends Error {
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

/** A number field's value given as `${name}`, read as a decimal number. */
export function numberFrom(source: NumberSource, vars: Vars, field: string): bigint {
  if (typeof source === 'bigint') return source;
  const text = renderTemplate(source, vars).trim();
  if (!/^-?(?:\d+|0x[0-9a-fA-F]+)$/.test(text)) {
    throw new StructEncodeError(
      field,
      `"${source.source}" is ${JSON.stringify(text.slice(0, 40))}, not a decimal number`,
    );
  }
  return text.startsWith('-') ? -BigInt(text.slice(1)) : BigInt(text);
}

interface Piece {
  readonly field: StructField;
  bytes: Buffer;
  /** Spans inside this piece, relative to its start (a nested struct's fields). */
  inner: FieldSpan[];
}

function encodeList(
  fields: readonly StructField[],
  vars: Vars,
  outer: readonly StructField[],
  lie: LengthLie | undefined,
): Piece[] {
  const pieces: Piece[] = fields.map((field) => {
    const path = [...outer, field];
    return field.kind === 'number' && field.length
      ? { field, bytes: Buffer.alloc(0), inner: [] }
      : encodeField(field, vars, path, lie);
  });
  // A length counts only fields after it (the loader refuses one counting backwards),
  // so filling them in from the last makes every counted size final.
  for (let i = pieces.length - 1; i >= 0; i--) {
    const field = fields[i]!;
    if (field.kind !== 'number' || !field.length) continue;
    const { counts, includesSelf, adjust } = field.length;
    const counted =
      counts === 'rest'
        ? pieces.slice(i + 1).reduce((n, p) => n + p.bytes.length, 0)
        : pieces[counts.field]!.bytes.length;
    const truth = lengthValue(field, BigInt(counted + adjust), includesSelf);
    const path = [...outer, field];
    const lied = lie && sameIndexes(lie.at, path) ? lie.value(truth) : truth;
    if (!fits(field.codec, lied)) {
      const { min, max } = range(field.codec);
      throw new StructEncodeError(
        fieldLabel(path),
        `the length ${lied} does not fit a ${field.type} (${min} to ${max}); it counts ${counted} bytes`,
      );
    }
    pieces[i]!.bytes = encodeNumber(field.codec, lied);
  }
  return pieces;
}

/** The value a length field holds when it counts `base` bytes (with `adjust` added), itself included or not. */
function lengthValue(field: StructField & { kind: 'number' }, base: bigint, includesSelf: boolean): bigint {
  if (!includesSelf) return base;
  // A varint or BER length's own width depends on its value: grow it until it agrees.
  let width = encodedWidth(field.codec, base);
  for (;;) {
    const value = base + BigInt(width);
    const w = encodedWidth(field.codec, value);
    if (w === width) return value;
    width = w;
  }
}

function sameIndexes(at: readonly number[], path: readonly StructField[]): boolean {
  return at.length === path.length && at.every((n, k) => path[k]!.index === n);
}

function encodeField(field: StructField, vars: Vars, path: readonly StructField[], lie: LengthLie | undefined): Piece {
  const label = fieldLabel(path);
  switch (field.kind) {
    case 'number': {
      // The loader admits a number in send only with a value or a length.
      const value = numberFrom(field.value!, vars, label);
      if (!fits(field.codec, value)) {
        const { min, max } = range(field.codec);
        throw new StructEncodeError(label, `${value} does not fit a ${field.type} (${min} to ${max})`);
      }
      return { field, bytes: encodeNumber(field.codec, value), inner: [] };
    }
    case 'text':
      return { field, bytes: renderTemplateBytes(field.text, vars), inner: [] };
    case 'cstring':
      return {
        field,
        bytes: Buffer.concat([field.text ? renderTemplateBytes(field.text, vars) : Buffer.alloc(0), Buffer.of(0)]),
        inner: [],
      };
    case 'hex':
      return { field, bytes: field.bytes, inner: [] };
    case 'bytes': {
      const src = field.send!;
      if (src.kind === 'literal') return { field, bytes: src.bytes, inner: [] };
      const unit = renderTemplateBytes(src.text, vars);
      const bytes = src.kind === 'template' ? unit : Buffer.alloc(unit.length * src.times, unit);
      return { field, bytes, inner: [] };
    }
    case 'struct': {
      const encoded = assemble(encodeList(field.fields, vars, path, lie), path);
      return { field, bytes: encoded.bytes, inner: [...encoded.spans] };
    }
  }
}

function assemble(pieces: readonly Piece[], outer: readonly StructField[]): Encoded {
  const spans: FieldSpan[] = [];
  let at = 0;
  for (const p of pieces) {
    const path = [...outer, p.field];
    spans.push({ path, label: fieldLabel(path), start: at, end: at + p.bytes.length });
    for (const s of p.inner) spans.push({ ...s, start: s.start + at, end: s.end + at });
    at += p.bytes.length;
  }
  return { bytes: Buffer.concat(pieces.map((p) => p.bytes)), spans };
}

/** The bytes of `fields` with `vars` filled in and every length computed (one of them made to lie, when asked). */
export function encodeStruct(fields: readonly StructField[], vars: Vars, lie?: LengthLie): Encoded {
  // Nested spans are built relative to their struct and moved into place as the struct is placed.
  const pieces = encodeList(fields, vars, [], lie);
  return assemble(pieces, []);
}
