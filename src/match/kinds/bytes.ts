/** `{ bytes: N, match: /regex/, as: name }`: the next N bytes, optionally matched and stored. */
import { readCount, readRegex } from '../../yaml/read-basics';
import { VARIABLE_NAME } from '../../spec/template';
import type { Vars } from '../../spec/template';
import type { Matcher, RegexSource } from '../../spec/types';
import { describeNode, scalarString } from '../../yaml/yaml-source';
import type { StreamView } from '../../stream/view';
import { stripLineEnding } from '../../stream/line-scan';
import type { Expectation, MatcherKind, UnitVerdict } from '../kind';
import { ENDED, PENDING } from '../progress';
import type { MatchLimits, Progress } from '../progress';
import { compileRegex } from '../regex';

type BytesMatcher = Extract<Matcher, { kind: 'bytes' }>;

function describe(m: BytesMatcher): string {
  return `${m.count} bytes${m.match ? ` matching /${m.match.pattern.source}/${m.match.flags}` : ''}`;
}

function judge(m: BytesMatcher, unit: Buffer, isLine: boolean, vars: Vars): UnitVerdict {
  const body = isLine ? stripLineEnding(unit) : unit;
  if (body.length !== m.count) return { ok: false, reason: `${body.length} bytes, not ${m.count}` };
  const text = body.toString('utf8');
  const match = m.match ? compileRegex(m.match, vars).exec(text) : undefined;
  if (m.match && !match) return { ok: false };
  // A copy: the bytes stay exactly as they arrived, whatever the buffer they came in is used for next.
  return { ok: true, captures: { ...match?.groups, ...(m.as ? { [m.as]: Buffer.from(body) } : {}) } };
}

/** N bytes, judged whole when it has a `match` or `as`, else consumed as they come. */
class BytesExpectation implements Expectation {
  private skipped = 0;
  constructor(
    private readonly m: BytesMatcher,
    private readonly vars: Vars,
    private readonly limits: MatchLimits,
  ) {}

  advance(input: StreamView, ended: boolean): Progress {
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
    const verdict = judge(this.m, body, false, this.vars);
    if (!verdict.ok) {
      return { state: 'mismatch', expected: describe(this.m), received: body, streamOffset: input.offset };
    }
    input.skip(this.m.count);
    return { state: 'matched', captures: verdict.captures };
  }

  awaiting(input: StreamView): string {
    const have = this.skipped + Math.min(input.length, this.m.count);
    return `${describe(this.m)} (${have} of ${this.m.count} so far)`;
  }
}

export const bytes: MatcherKind<BytesMatcher> = {
  spelling: '{ bytes }',
  map: {
    key: 'bytes',
    companions: ['match', 'as'],
    read(ctx, fields) {
      const count = readCount(ctx, fields.get('bytes'), 'bytes', 0);
      let match: RegexSource | undefined;
      const matchNode = fields.get('match')?.value;
      if (matchNode !== undefined) {
        const s = scalarString(matchNode);
        match = s === undefined ? undefined : readRegex(ctx, matchNode, s);
        if (!match) {
          if (s === undefined) ctx.src.problem(matchNode, `match: expects a /regex/, found ${describeNode(matchNode)}`);
          return undefined;
        }
      }
      const asNode = fields.get('as')?.value;
      const as = asNode === undefined ? undefined : scalarString(asNode);
      if (asNode !== undefined && (as === undefined || !VARIABLE_NAME.test(as))) {
        ctx.src.problem(asNode, `as: expects a variable name (letters, digits, _), found ${describeNode(asNode)}`);
        return undefined;
      }
      if (count === undefined) return undefined;
      return { kind: 'bytes', count, ...(match ? { match } : {}), ...(as ? { as } : {}) };
    },
  },
  judgeUnit: judge,
  expectation: (m, vars, limits) => new BytesExpectation(m, vars, limits),
  describe,
  captures: (m) => [...(m.match?.groups ?? []), ...(m.as ? [m.as] : [])],
  templates: (m) => (m.match ? [m.match.pattern] : []),
  samples: [{ bytes: 4 }, { bytes: 13, match: '/Hallo .*!/', as: 'reply' }],
};
