/** `{ until: MATCHER, each: MATCHER }`: lines up to one satisfying `until`, every one before it satisfying `each`. */
import type { Vars } from '../../spec/template';
import type { Matcher } from '../../spec/types';
import type { StreamView } from '../../stream/view';
import type { Expectation, Matchers, MatcherKind } from '../kind';
import { LineReader } from '../lines';
import { PENDING, ENDED } from '../progress';
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

export const until: MatcherKind<UntilMatcher> = {
  spelling: '{ until, each }',
  map: {
    key: 'until',
    companions: ['each'],
    read(ctx, fields, _place, all) {
      const u = all.read(ctx, fields.get('until')!.value, 'line');
      const eachNode = fields.get('each')?.value;
      const each = eachNode === undefined ? undefined : all.read(ctx, eachNode, 'line');
      if (!u || (eachNode !== undefined && !each)) return undefined;
      return { kind: 'until', until: u, ...(each ? { each } : {}) };
    },
  },
  expectation: (m, vars, limits, all) => new UntilExpectation(m, vars, limits, all),
  describe,
  captures: (m, all) => [...all.captures(m.until), ...(m.each ? all.captures(m.each) : [])],
  templates: (m, all) => [...all.templates(m.until), ...(m.each ? all.templates(m.each) : [])],
  warnings: (m, all) => [...all.warnings(m.until), ...(m.each ? all.warnings(m.each) : [])],
  samples: [{ until: '/250 .*/', each: '/250-.*/' }, { until: '.' }, { until: { any: ['.', { hex: '2e' }] } }],
};
