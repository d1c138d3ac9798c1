/** A send payload as bytes that can be sliced without building the whole: `repeat` of 1 GiB stays small. */
import { templateBytes } from '../match/template-bytes';
import type { Vars } from '../spec/template';
import { encodeStruct } from '../struct/encode';
import type { FieldSpan, LengthLie } from '../struct/encode';
import type { Payload } from '../spec/types';

export interface PayloadBytes {
  readonly length: number;
  /** bytes[start, end); callers keep `end - start` modest. */
  slice(start: number, end: number): Buffer;
  /** A `struct`'s fields and where they lie, for the fuzzer's cuts and its words. */
  readonly fields?: readonly FieldSpan[];
}

/** The bytes of a send; `lie` makes one of a struct's length fields lie (lying-length fuzzing). */
export function payloadBytes(p: Payload, vars: Vars, lie?: LengthLie): PayloadBytes {
  if (p.kind === 'bytes') return fromBuffer(p.bytes);
  if (p.kind === 'struct') {
    const encoded = encodeStruct(p.fields, vars, lie);
    return { ...fromBuffer(encoded.bytes), fields: encoded.spans };
  }
  const unit = templateBytes(p.text, vars);
  if (p.kind === 'text') return fromBuffer(unit);
  const block = Buffer.alloc(unit.length * Math.max(1, Math.ceil(65536 / unit.length)), unit);
  return {
    length: unit.length * p.times,
    slice(start, end) {
      const phase = start % unit.length;
      if (end - start <= block.length - phase) return block.subarray(phase, phase + (end - start));
      const out = Buffer.allocUnsafe(end - start);
      for (let i = 0; i < out.length;) {
        const at = (start + i) % unit.length;
        const n = Math.min(block.length - at, out.length - i);
        block.copy(out, i, at, at + n);
        i += n;
      }
      return out;
    },
  };
}

function fromBuffer(b: Buffer): PayloadBytes {
  return { length: b.length, slice: (start, end) => b.subarray(start, end) };
}
