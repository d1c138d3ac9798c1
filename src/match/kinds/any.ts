/**
 * `{ any: [MATCHER, ...] }`: alternatives in list order. Each judges the same
 * unread bytes through its own non-consuming cursor; the first one satisfied
 * wins and then consumes what it matched. A later alternative is not even
 * looked at while an earlier one is still pending, so the verdict, the
 * message and the captures never depend on how the bytes were split.
 */
import { quoteBytes } from '../../bytes';
import type { Vars } from '../../spec/template';
import type { Matcher } from '../../spec/types';
import { describeNode, isSeq } from '../../yaml/yaml-source';
import { Cursor } from '../../stream/cursor';
import type { StreamView } from '../../stream/view';
import type { Expectation, Matchers, MatcherKind, MatcherWarning, UnitVerdict } from '../kind';
import { ENDED, PENDING } from '../progress';
import type { MatchLimits, Progress } from '../progress';

type AnyMatcher = Extract<Matcher, { kind: 'any' }>;

/** The most received bytes a failure of every alternative shows. */
const SHOWN = 1024;

function describe(m: AnyMatcher, vars: Vars, all: Matchers): string {
  return `any of ${m.alternatives.map((a, i) => `(${i + 1}) ${all.describe(a, vars)}`).join(', ')}`;
}

/** Why one alternative failed, and how far into the stream its verdict looked. */
interface Failure {
  readonly why: string;
  /** Absolute stream offset just past the last byte the verdict depended on. */
  readonly decidedAt: number;
  readonly ended: boolean;
}

function failure(p: Progress & { state: 'mismatch' }): Failure {
  const decidedAt = p.decidedAt ?? p.streamOffset + p.received.length;
  const own = p.received.subarray(0, Math.max(0, decidedAt - p.streamOffset));
  const what = p.offset !== undefined ? `first difference at byte ${p.offset}` : `received ${quoteBytes(own)}`;
  return { why: `${what}${p.reason ? ` (${p.reason})` : ''}`, decidedAt, ended: false };
}

interface Alternative {
  readonly expectation: Expectation;
  readonly view: Cursor;
}

class AnyExpectation implements Expectation {
  /** The alternative now being judged: every one before it has failed. */
  private current = 0;
  private readonly started: Alternative[] = [];
  private readonly failures: Failure[] = [];

  constructor(
    private readonly m: AnyMatcher,
    private readonly vars: Vars,
    private readonly limits: MatchLimits,
    private readonly all: Matchers,
  ) {}

  /** Alternative `i`, started on first use over `input` (always the same view: nobody consumes it meanwhile). */
  private alternative(i: number, input: StreamView): Alternative {
    let alt = this.started[i];
    if (!alt) {
      // A cursor holds the bytes it has not decided on, so it may hold no more than one unit.
      const view = new Cursor(input, this.limits.maxUnit);
      alt = { expectation: this.all.expectation(this.m.alternatives[i]!, this.vars, this.limits), view };
      this.started[i] = alt;
    }
    return alt;
  }

  advance(input: StreamView, ended: boolean): Progress {
    for (; this.current < this.m.alternatives.length; this.current++) {
      const { expectation, view } = this.alternative(this.current, input);
      // A cursor that hides bytes beyond its limit has not reached the end of the stream.
      const p = expectation.advance(view, ended && !view.truncated);
      switch (p.state) {
        case 'matched':
          input.skip(view.consumed);
          return p;
        case 'pending':
          // Undecided with all it may see: deciding would take more than one unit of memory.
          return view.truncated ? { state: 'overflow', limit: this.limits.maxUnit } : PENDING;
        case 'overflow':
          return p;
        case 'mismatch':
          this.failures.push(failure(p));
          break;
        case 'ended':
          this.failures.push({ why: 'the stream ended first', decidedAt: view.offset + view.length, ended: true });
          break;
      }
    }
    return this.everyOneFailed(input);
  }

  private everyOneFailed(input: StreamView): Progress {
    if (this.failures.every((f) => f.ended)) return ENDED;
    const decidedAt = Math.max(...this.failures.map((f) => f.decidedAt));
    return {
      state: 'mismatch',
      expected: describe(this.m, this.vars, this.all),
      received: input.peek(Math.min(SHOWN, decidedAt - input.offset)),
      streamOffset: input.offset,
      decidedAt,
      reason: `every alternative failed: ${this.failures.map((f, i) => `(${i + 1}) ${f.why}`).join('; ')}`,
    };
  }

  awaiting(input: StreamView): string {
    const what = describe(this.m, this.vars, this.all);
    const failed = this.failures.map((f, i) => `(${i + 1}) ${f.why}`);
    if (this.current >= this.m.alternatives.length) return `${what} [${failed.join('; ')}]`;
    const { expectation, view } = this.alternative(this.current, input);
    const waiting = `(${this.current + 1}) waiting for ${expectation.awaiting(view)}`;
    return `${what} [${[...failed, waiting].join('; ')}]`;
  }
}

function judgeUnit(m: AnyMatcher, unit: Buffer, isLine: boolean, vars: Vars, all: Matchers): UnitVerdict {
  for (const alternative of m.alternatives) {
    const verdict = all.judgeUnit(alternative, unit, isLine, vars);
    if (verdict.ok) return verdict;
  }
  return { ok: false, reason: 'no alternative matches' };
}

function warnings(m: AnyMatcher, all: Matchers): MatcherWarning[] {
  const out = m.alternatives.flatMap((a) => all.warnings(a));
  const captured = m.alternatives.map((a) => new Set(all.captures(a)));
  for (const name of new Set(captured.flatMap((names) => [...names]))) {
    const without = captured.flatMap((names, i) => (names.has(name) ? [] : [`(${i + 1})`]));
    if (without.length === 0) continue;
    out.push({
      loc: m.loc,
      message: `any: "${name}" is captured by only some alternatives (not by ${without.join(', ')}); when one of those wins, a later \${${name}} has no value or keeps an earlier one`,
    });
  }
  return out;
}

export const any: MatcherKind<AnyMatcher> = {
  spelling: '{ any: [...] }',
  map: {
    key: 'any',
    companions: [],
    read(ctx, fields, place, all) {
      const pair = fields.get('any')!;
      const list = pair.value;
      if (!isSeq(list)) {
        ctx.src.problem(
          list ?? pair.key,
          `any: expects a list of matchers, such as [ "+OK\\r\\n", /-ERR .*/ ]; found ${describeNode(list)}`,
        );
        return undefined;
      }
      if (list.items.length === 0) {
        ctx.src.problem(list, 'any: the list is empty; give the matchers to try, in order');
        return undefined;
      }
      // Every alternative is read (and reports its own problems) before giving up.
      const alternatives = list.items.map((item) => all.read(ctx, item, place));
      if (!alternatives.every((a) => a !== undefined)) return undefined;
      return { kind: 'any', alternatives, loc: ctx.src.loc(list) };
    },
  },
  judgeUnit,
  expectation: (m, vars, limits, all) => new AnyExpectation(m, vars, limits, all),
  describe,
  captures: (m, all) => [...new Set(m.alternatives.flatMap((a) => all.captures(a)))],
  templates: (m, all) => m.alternatives.flatMap((a) => all.templates(a)),
  warnings,
  samples: [
    { any: ['+OK\r\n', '/-ERR (?<why>.*)/', 'eof'] },
    { any: [{ hex: '00' }, { frame: 'u8', payload: 'hi' }, { any: ['x', { bytes: 2 }] }] },
    { any: ['.', '/(?<count>\\d+) items/', { bytes: 3, as: 'code' }] },
  ],
};
