/** A send payload as bytes that can be sliced without building the whole: `repeat` of 1 GiB stays small. */
import { templateBytes } from '../match/template-bytes';
import type { Vars } from '../spec/template';
import type { Payload } from '../spec/types';

export interface PayloadBytes {
  readonly length: number;
  /** bytes[start, end); callers keep `end - start` modest. */
  slice(start: number, end: number): Buffer;
}

export function payloadBytes(p: Payload, vars: Vars): PayloadBytes {
  if (p.kind === 'bytes') return fromBuffer(p.bytes);
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
