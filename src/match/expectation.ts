/**
 * Stream expectations: each reads from a ChunkBuffer as bytes arrive and says
 * whether it is still pending, matched (and consumed what it matched), or
 * cannot match. An expectation never passes on a partial line or frame, and
 * its verdict never depends on how the bytes were split: it looks at the
 * unread bytes, not at the chunks they came in.
 */
import type { Vars } from '../spec/template';
import { headerWidth, readLength } from '../framing/length-prefix-decoder';
import type { Matcher } from '../spec/types';
import type { ChunkBuffer } from '../stream/chunk-buffer';
import { literalBytes, repeatedBytes } from './expected-bytes';
import type { ExpectedBytes } from './expected-bytes';
import { DEFAULT_LIMITS, ENDED, PENDING } from './progress';
import type { MatchLimits, Progress } from './progress';
import { compileRegex } from './regex';
import { templateBytes } from './template-bytes';
import { describeMatcher, judgeUnit, stripLineEnding } from './units';

export interface Expectation {
  /** Looks at the unread bytes; `ended` says the other side closed its sending direction. */
  advance(input: ChunkBuffer, ended: boolean): Progress;
  /** What it still waits for, in words ("a line matching /220 .*\/", "12 more bytes of …"). */
  awaiting(input: ChunkBuffer): string;
}

/** Context shown around a difference. */
const CONTEXT = 48;

/** An exact expectation that compares and consumes as bytes arrive, so a 1 GiB `repeat` needs no 1 GiB buffer. */
class ExactExpectation implements Expectation {
  private matched = 0;
  constructor(private readonly want: ExpectedBytes) {}

  advance(input: ChunkBuffer, ended: boolean): Progress {
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
  private mismatch(input: ChunkBuffer): Progress {
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

/** Finds complete lines without rescanning what it has already searched. */
class LineReader {
  private scanned = 0;
  constructor(private readonly limits: MatchLimits) {}

  /** The next complete line with its ending, or why there is none yet. */
  next(input: ChunkBuffer, ended: boolean): Buffer | 'pending' | 'ended' | 'overflow' {
    const at = input.indexOf(0x0a, this.scanned);
    if (at < 0) {
      this.scanned = input.length;
      if (input.length > this.limits.maxUnit) return 'overflow';
      return ended ? 'ended' : 'pending';
    }
    this.scanned = 0;
    if (at + 1 > this.limits.maxUnit) return 'overflow';
    return input.peek(at + 1);
  }
}

class LineExpectation implements Expectation {
  private readonly lines: LineReader;
  constructor(
    private readonly m: Matcher & { kind: 'regex' },
    private readonly vars: Vars,
    private readonly limits: MatchLimits,
  ) {
    this.lines = new LineReader(limits);
  }

  advance(input: ChunkBuffer, ended: boolean): Progress {
    const line = this.lines.next(input, ended);
    if (line === 'pending') return PENDING;
    if (line === 'ended') return ENDED;
    if (line === 'overflow') return { state: 'overflow', limit: this.limits.maxUnit };
    const match = compileRegex(this.m.regex, this.vars).exec(stripLineEnding(line).toString('utf8'));
    if (!match) {
      return {
        state: 'mismatch',
        expected: describeMatcher(this.m, this.vars),
        received: line,
        streamOffset: input.offset,
      };
    }
    input.skip(line.length);
    return { state: 'matched', captures: { ...match.groups } };
  }

  awaiting(input: ChunkBuffer): string {
    const partial = input.length > 0 ? ` (${input.length} bytes of it so far, no line ending yet)` : '';
    return `${describeMatcher(this.m, this.vars)}${partial}`;
  }
}

class UntilExpectation implements Expectation {
  private readonly lines: LineReader;
  private consumed = 0;
  /** Captures of the `each` lines so far; the `until` line's win over them. */
  private captures: Record<string, string> = {};
  constructor(
    private readonly m: Matcher & { kind: 'until' },
    private readonly vars: Vars,
    private readonly limits: MatchLimits,
  ) {
    this.lines = new LineReader(limits);
  }

  advance(input: ChunkBuffer, ended: boolean): Progress {
    for (;;) {
      const line = this.lines.next(input, ended);
      if (line === 'pending') return PENDING;
      if (line === 'ended') return ENDED;
      if (line === 'overflow') return { state: 'overflow', limit: this.limits.maxUnit };
      const end = judgeUnit(this.m.until, line, true, this.vars);
      if (end.ok) {
        input.skip(line.length);
        return { state: 'matched', captures: { ...this.captures, ...end.captures } };
      }
      if (this.m.each) {
        const each = judgeUnit(this.m.each, line, true, this.vars);
        if (!each.ok) {
          return {
            state: 'mismatch',
            expected: `${describeMatcher(this.m.each, this.vars)} (each line before ${describeMatcher(this.m.until, this.vars)})`,
            received: line,
            streamOffset: input.offset,
            reason: `line ${this.consumed + 1} of the block matches neither`,
          };
        }
        Object.assign(this.captures, each.captures);
      }
      this.consumed += 1;
      input.skip(line.length);
    }
  }

  awaiting(input: ChunkBuffer): string {
    return `${describeMatcher(this.m.until, this.vars)} (after ${this.consumed} line${this.consumed === 1 ? '' : 's'} of the block${input.length ? `, ${input.length} bytes of the next` : ''})`;
  }
}

/** `{ bytes: N }`: N bytes, judged whole when it has a `match` or `as`, else consumed as they come. */
class BytesExpectation implements Expectation {
  private skipped = 0;
  constructor(
    private readonly m: Matcher & { kind: 'bytes' },
    private readonly vars: Vars,
    private readonly limits: MatchLimits,
  ) {}

  advance(input: ChunkBuffer, ended: boolean): Progress {
    const judged = this.m.match !== undefined || this.m.as !== undefined;
    if (!judged) {
      const take = Math.min(input.length, this.m.count - this.skipped);
      input.skip(take);
      this.skipped += take;
      if (this.skipped === this.m.count) return { state: 'matched', captures: {} };
      return ended ? ENDED : PENDING;
    }
    if (this.m.count > this.limits.maxUnit) return { state: 'overflow', limit: this.limits.maxUnit };
    if (input.length < this.m.count) return ended ? ENDED : PENDING;
    const body = input.peek(this.m.count);
    const verdict = judgeUnit(this.m, body, false, this.vars);
    if (!verdict.ok) {
      return {
        state: 'mismatch',
        expected: describeMatcher(this.m, this.vars),
        received: body,
        streamOffset: input.offset,
      };
    }
    input.skip(this.m.count);
    return { state: 'matched', captures: verdict.captures };
  }

  awaiting(input: ChunkBuffer): string {
    const have = this.skipped + Math.min(input.length, this.m.count);
    return `${describeMatcher(this.m, this.vars)} (${have} of ${this.m.count} so far)`;
  }
}

class FrameExpectation implements Expectation {
  constructor(
    private readonly m: Matcher & { kind: 'frame' },
    private readonly vars: Vars,
    private readonly limits: MatchLimits,
  ) {}

  advance(input: ChunkBuffer, ended: boolean): Progress {
    const size = headerWidth[this.m.header];
    if (input.length < size) return ended ? ENDED : PENDING;
    const length = readLength(this.m.header, input.peek(size));
    if (length > this.limits.maxUnit) return { state: 'overflow', limit: this.limits.maxUnit };
    if (input.length < size + length) return ended ? ENDED : PENDING;
    const frame = input.peek(size + length);
    if (this.m.payload) {
      const verdict = judgeUnit(this.m.payload, frame.subarray(size), false, this.vars);
      if (!verdict.ok) {
        return {
          state: 'mismatch',
          expected: describeMatcher(this.m, this.vars),
          received: frame,
          ...(verdict.offset !== undefined ? { offset: size + verdict.offset } : {}),
          streamOffset: input.offset,
          reason: `the ${length}-byte payload does not match`,
        };
      }
      input.skip(frame.length);
      return { state: 'matched', captures: verdict.captures };
    }
    input.skip(frame.length);
    return { state: 'matched', captures: {} };
  }

  awaiting(input: ChunkBuffer): string {
    const size = headerWidth[this.m.header];
    if (input.length < size)
      return `${describeMatcher(this.m, this.vars)} (${input.length} of the ${size} header bytes so far)`;
    const length = readLength(this.m.header, input.peek(size));
    return `${describeMatcher(this.m, this.vars)} (header says ${length} bytes; ${input.length - size} so far)`;
  }
}

class EofExpectation implements Expectation {
  advance(input: ChunkBuffer, ended: boolean): Progress {
    if (input.length > 0) {
      return {
        state: 'mismatch',
        expected: 'end of stream',
        received: input.peek(CONTEXT * 2),
        offset: 0,
        streamOffset: input.offset,
        reason: 'bytes arrived where the other side should have closed',
      };
    }
    return ended ? { state: 'matched', captures: {} } : PENDING;
  }

  awaiting(): string {
    return 'end of stream (the other side closing its sending direction)';
  }
}

/** The expectation that plays matcher `m`, with `vars` as they stand when the step begins. */
export function expectationFor(m: Matcher, vars: Vars, limits: MatchLimits = DEFAULT_LIMITS): Expectation {
  switch (m.kind) {
    case 'text':
      return new ExactExpectation(literalBytes(templateBytes(m.text, vars)));
    case 'hex':
      return new ExactExpectation(literalBytes(m.bytes));
    case 'repeat':
      return new ExactExpectation(repeatedBytes(templateBytes(m.text, vars), m.times));
    case 'regex':
      return new LineExpectation(m, vars, limits);
    case 'until':
      return new UntilExpectation(m, vars, limits);
    case 'bytes':
      return new BytesExpectation(m, vars, limits);
    case 'frame':
      return new FrameExpectation(m, vars, limits);
    case 'eof':
      return new EofExpectation();
  }
}
