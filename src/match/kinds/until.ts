/**
 * `{ until: MATCHER, each: MATCHER }`: units up to one satisfying `until`,
 * every one before it satisfying `each`. A unit is a line for line matchers,
 * and one message for binary ones (`struct`, `frame`), which say themselves
 * where they end.
 */
import type { Vars } from '../../spec/template';
import type { Matcher } from '../../spec/types';
import { Cursor } from '../../stream/cursor';
import type { StreamView } from '../../stream/view';
import type { Expectation, Matchers, MatcherKind } from '../kind';
import { LineReader } from '../lines';
import { NO_CAPTURES, PENDING, ENDED } from '../progress';
import type { Captures, MatchLimits, Progress } from '../progress';

type UntilMatcher = Extract<Matcher, { kind: 'until' }>;

function describe(m: UntilMatcher, vars: Vars, all: Matchers): string {
  return `lines until ${all.describe(m.until, vars)}${m.each ? `, each ${all.describe(m.each, vars)}` : ''}`;
}

class UntilExpectation implements Expectation {
  private readonly lines: LineReader;
  private consumed = 0;
  /** Captures of the `each` lines so far; the `until` line's win over them. */
  private captures: Captures = {};
  constructor(
    private readonly m: UntilMatcher,
    private readonly vars: Vars,
    private readonly limits: MatchLimits,
    private readonly all: Matchers,
  ) {
    this.lines = new LineReader(limits);
  }

  advance(input: StreamView, ended: boolean): Progress {
    for (;;) {
      const line = this.lines.next(input, ended);
      if (line === 'pending') return PENDING;
      if (line === 'ended') return ENDED;
      if (line === 'overflow') return { state: 'overflow', limit: this.limits.maxUnit };
      const end = this.all.judgeUnit(this.m.until, line, true, this.vars);
      if (end.ok) {
        input.skip(line.length);
        return { state: 'matched', captures: { ...this.captures, ...end.captures } };
      }
      if (this.m.each) {
        const each = this.all.judgeUnit(this.m.each, line, true, this.vars);
        if (!each.ok) {
          return {
            state: 'mismatch',
            expected: `${this.all.describe(this.m.each, this.vars)} (each line before ${this.all.describe(this.m.until, this.vars)})`,
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

  awaiting(input: StreamView): string {
    return `${this.all.describe(this.m.until, this.vars)} (after ${this.consumed} line${this.consumed === 1 ? '' : 's'} of the block${input.length ? `, ${input.length} bytes of the next` : ''})`;
  }
}

/** Kinds whose unit is one message they delimit themselves, not a line. */
export function isBinaryUnit(m: Matcher): boolean {
  if (m.kind === 'struct' || m.kind === 'frame') return true;
  return m.kind === 'any' && m.alternatives.every(isBinaryUnit);
}

/** Why a try failed, in words. */
function whyNot(p: Progress): string {
  return p.state === 'mismatch' ? (p.reason ?? `expected ${p.expected}`) : 'the stream ended first';
}

/** One try of a matcher on the unread bytes, through a cursor that consumes nothing until it wins. */
interface Try {
  readonly expectation: Expectation;
  readonly view: Cursor;
}

/**
 * Binary units: `until` is tried on the next message; once it has failed
 * (a struct fails on its first differing field), the message must satisfy
 * `each`, which consumes it, and the next message is tried.
 */
class UnitUntilExpectation implements Expectation {
  private consumed = 0;
  private captures: Captures = {};
  private untilTry: Try | undefined;
  /**
   * How `until` failed on the current unit, once it has; put in words only
   * if `each` fails too. `refused`: its first byte already ruled it out, so
   * it was not played; it is played for its words if they are needed.
   */
  private untilFailed: Progress | 'refused' | undefined;
  private eachTry: Try | undefined;
  /** The tries of the last message, to judge the next one with where their kind can restart. */
  private untilSpare: Try | undefined;
  private eachSpare: Try | undefined;
  /**
   * Whether `until` refuses a message by its first byte, by byte value (0:
   * not asked yet, 1: refuses, 2: does not). The answer depends on the byte
   * alone, so it is asked once per value, not once per message.
   */
  private readonly refusal = new Uint8Array(256);

  constructor(
    private readonly m: UntilMatcher & { readonly each: Matcher },
    private readonly vars: Vars,
    private readonly limits: MatchLimits,
    private readonly all: Matchers,
  ) {}

  private start(m: Matcher, input: StreamView, spare?: Try): Try {
    if (spare?.expectation.restart && spare.view.reads(input)) {
      spare.expectation.restart();
      spare.view.restart();
      return spare;
    }
    return {
      expectation: this.all.expectation(m, this.vars, this.limits),
      view: new Cursor(input, this.limits.maxUnit),
    };
  }

  advance(input: StreamView, ended: boolean): Progress {
    for (;;) {
      if (
        this.untilFailed === undefined &&
        this.untilTry === undefined &&
        input.length > 0 &&
        this.untilRefuses(input.byteAt(0))
      ) {
        this.untilFailed = 'refused';
      }
      if (this.untilFailed === undefined) {
        this.untilTry ??= this.start(this.m.until, input, this.untilSpare);
        const { expectation, view } = this.untilTry;
        const p = expectation.advance(view, ended && !view.truncated);
        if (p.state === 'matched') {
          input.skip(view.consumed);
          return { state: 'matched', captures: { ...this.captures, ...p.captures } };
        }
        if (p.state === 'pending') return view.truncated ? { state: 'overflow', limit: this.limits.maxUnit } : PENDING;
        if (p.state === 'overflow') return p;
        this.untilFailed = p;
      }
      this.eachTry ??= this.start(this.m.each, input, this.eachSpare);
      const { expectation, view } = this.eachTry;
      const p = expectation.advance(view, ended && !view.truncated);
      switch (p.state) {
        case 'pending':
          return view.truncated ? { state: 'overflow', limit: this.limits.maxUnit } : PENDING;
        case 'overflow':
        case 'ended':
          return p;
        case 'mismatch':
          // Field by field, not spread: a matcher may render its words in getters.
          return {
            state: 'mismatch',
            received: p.received,
            offset: p.offset,
            streamOffset: p.streamOffset,
            decidedAt: p.decidedAt,
            field: p.field,
            expected: `${this.all.describe(this.m.each, this.vars)} (each message before ${this.all.describe(this.m.until, this.vars)})`,
            reason: `message ${this.consumed + 1} of the block matches neither: as until, ${this.whyNotUntil(input, ended)}; as each, ${p.reason ?? 'it differs'}`,
          };
        case 'matched':
          // Most messages store nothing, and merging even nothing costs more than the rest of a message's round.
          if (p.captures !== NO_CAPTURES) Object.assign(this.captures, p.captures);
          input.skip(view.consumed);
          this.consumed += 1;
          this.untilSpare = this.untilTry ?? this.untilSpare;
          this.eachSpare = this.eachTry;
          this.untilTry = undefined;
          this.eachTry = undefined;
          this.untilFailed = undefined;
      }
    }
  }

  private untilRefuses(byte: number): boolean {
    let answer = this.refusal[byte]!;
    if (answer === 0) this.refusal[byte] = answer = this.all.refusesFirstByte(this.m.until, byte) ? 1 : 2;
    return answer === 1;
  }

  /** Why `until` failed on the current unit, in words. */
  private whyNotUntil(input: StreamView, ended: boolean): string {
    if (this.untilFailed !== 'refused') return whyNot(this.untilFailed!);
    // Refused on its first byte: played now, it decides on that byte, as it would have then.
    const { expectation, view } = this.start(this.m.until, input);
    return whyNot(expectation.advance(view, ended && !view.truncated));
  }

  awaiting(input: StreamView): string {
    const current = this.untilFailed === undefined ? this.untilTry : this.eachTry;
    const what = current ? current.expectation.awaiting(current.view) : this.all.describe(this.m.until, this.vars);
    return `${what} (after ${this.consumed} message${this.consumed === 1 ? '' : 's'} of the block${input.length ? `, ${input.length} bytes unread` : ''})`;
  }
}

export const until: MatcherKind<UntilMatcher> = {
  spelling: '{ until, each }',
  map: {
    key: 'until',
    companions: ['each'],
    read(ctx, fields, _place, all) {
      const untilNode = fields.get('until')!.value;
      const u = all.read(ctx, untilNode, 'line');
      const eachNode = fields.get('each')?.value;
      const each = eachNode === undefined ? undefined : all.read(ctx, eachNode, 'line');
      if (!u || (eachNode !== undefined && !each)) return undefined;
      const binary = isBinaryUnit(u);
      if (binary && !each) {
        ctx.src.problem(
          untilNode,
          'until over a binary message needs each: beside it, saying what the messages before it are (each: { struct: [...] }); a message has no line end to skip to',
        );
        return undefined;
      }
      if (each && binary !== isBinaryUnit(each)) {
        ctx.src.problem(
          eachNode,
          `until and each must both read lines or both read binary messages (struct, frame); here ${binary ? 'until reads a message and each a line' : 'until reads a line and each a message'}`,
        );
        return undefined;
      }
      return { kind: 'until', until: u, ...(each ? { each } : {}) };
    },
  },
  expectation: (m, vars, limits, all) =>
    m.each && isBinaryUnit(m.until)
      ? new UnitUntilExpectation({ ...m, each: m.each }, vars, limits, all)
      : new UntilExpectation(m, vars, limits, all),
  describe,
  captures: (m, all) => [...all.captures(m.until), ...(m.each ? all.captures(m.each) : [])],
  templates: (m, all) => [...all.templates(m.until), ...(m.each ? all.templates(m.each) : [])],
  warnings: (m, all) => [...all.warnings(m.until), ...(m.each ? all.warnings(m.each) : [])],
  samples: [
    { until: '/250 .*/', each: '/250-.*/' },
    { until: '.' },
    { until: { any: ['.', { hex: '2e' }] } },
    { until: { struct: [{ text: 'Z' }, { u32be: 5 }, { u8: 0x49 }] }, each: { frame: 'u16be' } },
  ],
};
