/** `{ frame: u16be, payload: MATCHER }`: one length-prefixed frame, its body judged alone. */
import { LengthHeaders, headerWidth, readLength } from '../../framing/length-prefix-decoder';
import type { ReadContext } from '../../yaml/read-basics';
import type { Vars } from '../../spec/template';
import type { FrameHeader, Matcher } from '../../spec/types';
import { describeNode, scalarString, suggest } from '../../yaml/yaml-source';
import type { StreamView } from '../../stream/view';
import type { Expectation, Matchers, MatcherKind } from '../kind';
import { ENDED, PENDING } from '../progress';
import type { MatchLimits, Progress } from '../progress';

type FrameMatcher = Extract<Matcher, { kind: 'frame' }>;

const FRAME_HEADERS: readonly FrameHeader[] = LengthHeaders;

function readFrameHeader(ctx: ReadContext, node: unknown): FrameHeader | undefined {
  const h = scalarString(node);
  if (h && (FRAME_HEADERS as readonly string[]).includes(h)) return h as FrameHeader;
  ctx.src.problem(
    node,
    `frame: expects a length header, one of ${FRAME_HEADERS.join(', ')}; found ${describeNode(node)}${h ? suggest(h, FRAME_HEADERS) : ''}`,
  );
  return undefined;
}

function describe(m: FrameMatcher, vars: Vars, all: Matchers): string {
  return `a ${m.header}-length frame${m.payload ? ` whose payload is ${all.describe(m.payload, vars)}` : ''}`;
}

class FrameExpectation implements Expectation {
  constructor(
    private readonly m: FrameMatcher,
    private readonly vars: Vars,
    private readonly limits: MatchLimits,
    private readonly all: Matchers,
  ) {}

  advance(input: StreamView, ended: boolean): Progress {
    const size = headerWidth[this.m.header];
    if (input.length < size) return ended ? ENDED : PENDING;
    const length = readLength(this.m.header, input.peek(size));
    if (length > this.limits.maxUnit) return { state: 'overflow', limit: this.limits.maxUnit };
    if (input.length < size + length) return ended ? ENDED : PENDING;
    const frame = input.peek(size + length);
    if (this.m.payload) {
      const verdict = this.all.judgeUnit(this.m.payload, frame.subarray(size), false, this.vars);
      if (!verdict.ok) {
        return {
          state: 'mismatch',
          expected: describe(this.m, this.vars, this.all),
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

  awaiting(input: StreamView): string {
    const size = headerWidth[this.m.header];
    const what = describe(this.m, this.vars, this.all);
    if (input.length < size) return `${what} (${input.length} of the ${size} header bytes so far)`;
    const length = readLength(this.m.header, input.peek(size));
    return `${what} (header says ${length} bytes; ${input.length - size} so far)`;
  }
}

export const frame: MatcherKind<FrameMatcher> = {
  spelling: '{ frame, payload }',
  map: {
    key: 'frame',
    companions: ['payload'],
    read(ctx, fields, _place, all) {
      const header = readFrameHeader(ctx, fields.get('frame')!.value);
      const payloadNode = fields.get('payload')?.value;
      const payload = payloadNode === undefined ? undefined : all.read(ctx, payloadNode, 'unit');
      if (!header || (payloadNode !== undefined && !payload)) return undefined;
      return { kind: 'frame', header, ...(payload ? { payload } : {}) };
    },
  },
  judgeUnit(m, unit, _isLine, vars, all) {
    // One whole unit that is exactly one frame: inside until and each (binary messages) or another frame's payload.
    const size = headerWidth[m.header];
    if (unit.length < size) return { ok: false, reason: `${unit.length} bytes, shorter than the ${m.header} header` };
    const length = readLength(m.header, unit.subarray(0, size));
    if (unit.length !== size + length) {
      return { ok: false, reason: `the header says ${length} bytes, the unit holds ${unit.length - size}` };
    }
    if (!m.payload) return { ok: true, captures: {} };
    const verdict = all.judgeUnit(m.payload, unit.subarray(size), false, vars);
    return verdict.ok || verdict.offset === undefined ? verdict : { ...verdict, offset: size + verdict.offset };
  },
  expectation: (m, vars, limits, all) => new FrameExpectation(m, vars, limits, all),
  describe,
  captures: (m, all) => (m.payload ? all.captures(m.payload) : []),
  templates: (m, all) => (m.payload ? all.templates(m.payload) : []),
  // A payload is a frame body, not a line: a newline inside its regex is no mistake.
  samples: [{ frame: 'u16be', payload: 'hi' }, { frame: 'u8' }, { frame: 'u32le', payload: { any: ['a', 'b'] } }],
};
