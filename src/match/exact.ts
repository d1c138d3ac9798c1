/** Exact bytes: the expectation shared by text, hex and repeat, and the unit comparison of text and hex. */
import type { StreamView } from '../stream/view';
import { stripLineEnding } from '../stream/line-scan';
import type { ExpectedBytes } from './expected-bytes';
import type { Expectation, UnitVerdict } from './kind';
import { ENDED, PENDING } from './progress';
import type { Progress } from './progress';

/** Context shown around a difference. */
const CONTEXT = 48;

/** An exact expectation that compares and consumes as bytes arrive, so a 1 GiB `repeat` needs no 1 GiB buffer. */
export class ExactExpectation implements Expectation {
  private matched = 0;
  constructor(private readonly want: ExpectedBytes) {}

  advance(input: StreamView, ended: boolean): Progress {
    let diff = -1;
    let compared = 0;
    input.forEachSpan((span) => {
      const d = this.want.firstDifference(span, this.matched + compared);
      if (d >= 0 && this.matched + compared + d < this.want.length) {
        diff = compared + d;
        return false;
      }
      compared += Math.min(span.length, this.want.length - this.matched - compared);
      return this.matched + compared < this.want.length;
    });
    if (diff >= 0) {
      // The bytes before the difference matched: consume them, so the report
      // shows the expected bytes just before it and the received bytes from it.
      this.matched += diff;
      input.skip(diff);
      return this.mismatch(input);
    }
    this.matched += compared;
    input.skip(compared);
    if (this.matched === this.want.length) return { state: 'matched', captures: {} };
    return ended ? ENDED : PENDING;
  }

  /** The first unread byte differs from the expected byte at `matched`. */
  private mismatch(input: StreamView): Progress {
    const offset = this.matched;
    const before = Math.min(offset, CONTEXT);
    const received = Buffer.concat([this.want.slice(offset - before, offset), input.peek(CONTEXT)]);
    const shownFrom = offset - before;
    return {
      state: 'mismatch',
      expected: this.want.describe(),
      received,
      offset,
      streamOffset: input.offset - before,
      decidedAt: input.offset + 1,
      ...(shownFrom > 0 ? { reason: `the first ${offset} bytes matched; shown from byte ${shownFrom}` } : {}),
    };
  }

  awaiting(): string {
    const left = this.want.length - this.matched;
    return this.matched === 0
      ? this.want.describe()
      : `the last ${left} of ${this.want.length} bytes of ${this.want.describe()}`;
  }
}

function firstDifference(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

/** Whether a unit equals `want`; a line also matches text written without its line ending. */
export function equalBytes(want: Buffer, unit: Buffer, isLine: boolean): UnitVerdict {
  if (unit.equals(want)) return { ok: true, captures: {} };
  if (isLine && stripLineEnding(unit).equals(want)) return { ok: true, captures: {} };
  return { ok: false, offset: firstDifference(want, unit) };
}
