/**
 * The exact bytes an exact matcher wants, possibly too many to hold (a
 * `repeat` of 1 GiB): compared span by span as they arrive, never built whole.
 */
import { quoteBytes } from '../bytes';

export interface ExpectedBytes {
  readonly length: number;
  /** Index within `span` of the first byte differing from expected[at…], or -1 when all equal. */
  firstDifference(span: Uint8Array, at: number): number;
  /** expected[start, end) as a buffer (for reports; callers keep the span small). */
  slice(start: number, end: number): Buffer;
  describe(): string;
}

export function literalBytes(bytes: Buffer): ExpectedBytes {
  return {
    length: bytes.length,
    firstDifference(span, at) {
      const n = Math.min(span.length, bytes.length - at);
      // Buffer.compare on equal-length views is a memcmp; only on inequality do we walk to the byte.
      if (Buffer.compare(span.subarray(0, n), bytes.subarray(at, at + n)) === 0) return n < span.length ? n : -1;
      for (let i = 0; i < n; i++) if (span[i] !== bytes[at + i]) return i;
      return n < span.length ? n : -1;
    },
    slice: (start, end) => bytes.subarray(start, end),
    describe: () => quoteBytes(bytes),
  };
}

export function repeatedBytes(unit: Buffer, times: number): ExpectedBytes {
  const length = unit.length * times;
  // A run of whole units, so comparisons go in large memcmp-sized steps.
  const block = Buffer.alloc(unit.length * Math.max(1, Math.floor(65536 / unit.length)), unit);
  const slice = (start: number, end: number): Buffer => {
    const out = Buffer.allocUnsafe(end - start);
    for (let i = 0; i < out.length; i++) out[i] = unit[(start + i) % unit.length]!;
    return out;
  };
  return {
    length,
    firstDifference(span, at) {
      let i = 0;
      const n = Math.min(span.length, length - at);
      while (i < n) {
        const phase = (at + i) % unit.length;
        const take = Math.min(n - i, block.length - phase);
        const want = block.subarray(phase, phase + take);
        const got = span.subarray(i, i + take);
        if (Buffer.compare(got, want) !== 0) {
          for (let j = 0; j < take; j++) if (got[j] !== want[j]) return i + j;
        }
        i += take;
      }
      return n < span.length ? n : -1;
    },
    slice,
    describe: () => `${quoteBytes(unit, 48)} × ${times}`,
  };
}
