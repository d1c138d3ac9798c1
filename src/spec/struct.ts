/**
 * The model of `struct:`: a binary message written field by field. The same
 * field list is a payload in `send` (encoded, lengths computed) and a matcher
 * in `expect` (decoded as bytes arrive, lengths enforced). Nothing here reads
 * YAML or bytes: see src/struct/ for the codec and the reader.
 */
import type { SourceLocation } from '../errors';
import type { RegexSource, Template } from './types';

/** Fixed-width integers: width in bytes, signedness, byte order. */
export const INT_TYPES = {
  u8: { width: 1, signed: false, little: false },
  i8: { width: 1, signed: true, little: false },
  u16be: { width: 2, signed: false, little: false },
  u16le: { width: 2, signed: false, little: true },
  i16be: { width: 2, signed: true, little: false },
  i16le: { width: 2, signed: true, little: true },
  u24be: { width: 3, signed: false, little: false },
  u24le: { width: 3, signed: false, little: true },
  u32be: { width: 4, signed: false, little: false },
  u32le: { width: 4, signed: false, little: true },
  i32be: { width: 4, signed: true, little: false },
  i32le: { width: 4, signed: true, little: true },
  u64be: { width: 8, signed: false, little: false },
  u64le: { width: 8, signed: false, little: true },
  i64be: { width: 8, signed: true, little: false },
  i64le: { width: 8, signed: true, little: true },
} as const;
export type IntTypeName = keyof typeof INT_TYPES;

/** How a number is written on the wire. */
export type NumberCodec =
  | {
      readonly kind: 'int';
      readonly type: IntTypeName;
      readonly width: number;
      readonly signed: boolean;
      readonly little: boolean;
    }
  /** Unsigned LEB128: 7 bits a byte, least significant group first. */
  | { readonly kind: 'varint'; readonly maxBytes: number }
  /** BER/DER definite length: one byte below 128, else 0x80+N and N big-endian bytes. */
  | { readonly kind: 'ber_length' };

/** `{ length: WHAT }`: the field holds the size of what it counts. */
export interface LengthOf {
  /** `rest` (every following field of this struct), `next`, or the index (0-based, in the same struct) of a named field. */
  readonly counts: 'rest' | { readonly field: number };
  /** As written: `rest`, `next` or a name (for messages). */
  readonly written: string;
  /** Adds the length field's own width. */
  readonly includesSelf: boolean;
  /** Added to the counted size (negative allowed). */
  readonly adjust: number;
}

/** A number written as `${name}`: the variable's value read as a decimal number when the step plays. */
export type NumberSource = bigint | Template;

interface FieldBase {
  /** 1-based position in its own list. */
  readonly index: number;
  readonly name?: string;
  /** The type key as written (`u32be`, `varint`, `cstring`, ...). */
  readonly type: string;
  readonly loc: SourceLocation;
}

export type StructField = FieldBase &
  (
    | {
        readonly kind: 'number';
        readonly codec: NumberCodec;
        /** send: the value (unless a length); expect: the value it must equal. */
        readonly value?: NumberSource;
        readonly length?: LengthOf;
        /** expect: stores the value read, as decimal text. */
        readonly as?: string;
        /** expect: `(value & mask) === equals`. */
        readonly mask?: { readonly mask: bigint; readonly equals: bigint };
        /** expect: the value is one of these. */
        readonly in?: readonly bigint[];
      }
    /** send: the text's UTF-8 bytes; expect: exactly those bytes. */
    | { readonly kind: 'text'; readonly text: Template }
    /**
     * Text then a 0 byte. send: `text`; expect: exactly `text` then 0, or, with
     * `as`/`match` and no `text`, whatever comes before the next 0 byte.
     */
    | {
        readonly kind: 'cstring';
        readonly text?: Template;
        readonly as?: string;
        readonly match?: RegexSource;
      }
    | { readonly kind: 'hex'; readonly bytes: Buffer }
    | {
        readonly kind: 'bytes';
        /** send: what is written. */
        readonly send?: BytesSource;
        /** expect: how many bytes; `rest` (or unset, inside a length's region): what the region leaves. */
        readonly size?: number | Template | 'rest';
        readonly match?: RegexSource;
        readonly as?: string;
      }
    | { readonly kind: 'struct'; readonly fields: readonly StructField[] }
  );

/** What a `bytes` field sends. */
export type BytesSource =
  | { readonly kind: 'template'; readonly text: Template }
  | { readonly kind: 'literal'; readonly bytes: Buffer }
  | { readonly kind: 'repeat'; readonly text: Template; readonly times: number };

/** `field 3 (u32be)`, `field 2.1 "len" (varint length)`: how messages and reports name a field. */
export function fieldLabel(path: readonly StructField[]): string {
  const f = path[path.length - 1]!;
  const where = path.map((p) => p.index).join('.');
  const name = f.name !== undefined ? ` "${f.name}"` : '';
  const length = f.kind === 'number' && f.length ? ' length' : '';
  return `field ${where}${name} (${f.type}${length})`;
}
