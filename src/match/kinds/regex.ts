/** `/regex/flags`: the next complete line, without its ending, matches as a whole; named groups are captured. */
import { readRegex } from '../../yaml/read-basics';
import { escapeRegex } from '../../spec/template';
import type { Vars } from '../../spec/template';
import type { Matcher } from '../../spec/types';
import type { StreamView } from '../../stream/view';
import { stripLineEnding } from '../../stream/line-scan';
import type { Expectation, MatcherKind } from '../kind';
import { LineReader } from '../lines';
import { ENDED, PENDING } from '../progress';
import type { MatchLimits, Progress } from '../progress';
import { compileRegex } from '../regex';
import { safeRender } from '../render';

type RegexMatcher = Extract<Matcher, { kind: 'regex' }>;

function describe(m: RegexMatcher, vars: Vars): string {
  return `a line matching /${safeRender(m.regex.pattern, vars, escapeRegex)}/${m.regex.flags}`;
}

class LineExpectation implements Expectation {
  private readonly lines: LineReader;
  constructor(
    private readonly m: RegexMatcher,
    private readonly vars: Vars,
    private readonly limits: MatchLimits,
  ) {
    this.lines = new LineReader(limits);
  }

  advance(input: StreamView, ended: boolean): Progress {
    const line = this.lines.next(input, ended);
    if (line === 'pending') return PENDING;
    if (line === 'ended') return ENDED;
    if (line === 'overflow') return { state: 'overflow', limit: this.limits.maxUnit };
    const match = compileRegex(this.m.regex, this.vars).exec(stripLineEnding(line).toString('utf8'));
    if (!match) {
      return { state: 'mismatch', expected: describe(this.m, this.vars), received: line, streamOffset: input.offset };
    }
    input.skip(line.length);
    return { state: 'matched', captures: { ...match.groups } };
  }

  awaiting(input: StreamView): string {
    const partial = input.length > 0 ? ` (${input.length} bytes of it so far, no line ending yet)` : '';
    return `${describe(this.m, this.vars)}${partial}`;
  }
}

export const regex: MatcherKind<RegexMatcher> = {
  spelling: '/regex/',
  scalar: {
    rank: 10,
    // A regex is /…/ plus JavaScript flag letters; "/usr/local" is text.
    claims: (s) => s.length >= 2 && s.startsWith('/') && /\/[dgimsuvy]*$/.test(s),
    read(ctx, node, s) {
      const r = readRegex(ctx, node, s);
      return r && { kind: 'regex', regex: r };
    },
  },
  judgeUnit(m, unit, isLine, vars) {
    const body = isLine ? stripLineEnding(unit) : unit;
    const match = compileRegex(m.regex, vars).exec(body.toString('utf8'));
    return match ? { ok: true, captures: { ...match.groups } } : { ok: false };
  },
  expectation: (m, vars, limits) => new LineExpectation(m, vars, limits),
  describe,
  captures: (m) => [...m.regex.groups],
  templates: (m) => [m.regex.pattern],
  warnings: (m) =>
    /\\n|\n/.test(m.regex.pattern.source)
      ? [
          {
            message: `the regex /${m.regex.pattern.source}/ contains a newline; a regex matcher is matched against one line with its line ending removed, so it can never match`,
          },
        ]
      : [],
  samples: ['/2\\d\\d (?<rest>.*)/', '/hello/i'],
};
