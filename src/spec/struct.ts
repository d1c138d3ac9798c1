/**
 * The model of `struct:`: a binary message written field by field. The same
 * field list is a payload in `send` (encoded, lengths computed) and a matcher
 * in `expect` (decoded as bytes arrive, lengths enforced). Nothing here reads
 * YAML or bytes: see src/struct/ for the codec and the reader.
 */
import type { IntTypeName, StructField } from './types';

export type { BytesSource, IntTypeName, LengthOf, NumberCodec, NumberSource, StructField } from './types';

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
} as const satisfies Record<IntTypeName, { width: number; signed: boolean; little: boolean }>;

/** `field 3 (u32be)`, `field 2.1 "len" (varint length)`: how messages and reports name a field. */
export function fieldLabel(path: readonly StructField[]): string {
  const f = path[path.length - 1]!;
  const where = path.map((p) => p.index).join('.');
  const name = f.name !== undefined ? ` "${f.name}"` : '';
  const length = f.kind === 'number' && f.length ? ' length' : '';
  return `field ${where}${name} (${f.type}${length})`;
}
