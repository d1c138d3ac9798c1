/**
 * `{ struct: [FIELD, ...] }`: one binary message, judged field by field as it
 * arrives (src/struct/decode.ts). It decides as soon as a field differs, so
 * `until`, `each` and `any:` over structs never wait for bytes that cannot
 * change the verdict; it never passes on part of a message.
 */
import type { Vars } from '../../spec/template';
import type { Matcher } from '../../spec/types';
import type { StructField } from '../../spec/struct';
import { decodeStruct, decodeWholeStruct, leadingByte } from '../../struct/decode';
import type { FieldMark, StructMismatch } from '../../struct/decode';
import { readStruct, structCaptures, structOutsideTemplates } from '../../struct/read-fields';
import type { StreamView } from '../../stream/view';
import type { Expectation, MatcherKind } from '../kind';
import { DEFAULT_LIMITS, ENDED, PENDING } from '../progress';
import type { MatchLimits, Progress } from '../progress';

type StructMatcher = Extract<Matcher, { kind: 'struct' }>;

/** Bytes looked at first: a small message inside one chunk is then a view, never a copy. */
const FIRST_WINDOW = 512;

function describe(m: StructMatcher): string {
  return `a struct of ${m.fields.length} field${m.fields.length === 1 ? '' : 's'} (${summary(m.fields)})`;
}

function summary(fields: readonly StructField[]): string {
  const words = fields.map((f) => (f.kind === 'struct' ? `struct(${summary(f.fields)})` : (f.name ?? f.type)));
  return words.length > 8 ? `${words.slice(0, 8).join(', ')}, …` : words.join(', ');
}

/**
 * The mismatch as a Progress, its words rendered only when read: `until`
 * tries its terminator on every message and reads none of them unless the
 * message fails `each` too.
 */
class StructMismatchProgress {
  readonly state = 'mismatch';
  readonly offset: number;
  readonly decidedAt: number;
  private described: string | undefined;

  constructor(
    private readonly m: StructMatcher,
    private readonly v: StructMismatch,
    private readonly bytes: Buffer,
    readonly streamOffset: number,
  ) {
    this.offset = v.start;
    this.decidedAt = streamOffset + v.decidedAt;
  }

  get received(): Buffer {
    return this.bytes.subarray(0, Math.min(this.bytes.length, Math.max(this.v.decidedAt, this.v.end)));
  }

  get expected(): string {
    return (this.described ??= describe(this.m));
  }

  get reason(): string {
    return this.v.sentence;
  }

  get field(): FieldMark {
    return this.v.field;
  }
}

class StructExpectation implements Expectation {
  /** The field the last look still waited for, and how many bytes it had then. */
  private waitingField = '';
  private waitingAt = 0;
  /**
   * Where the last look came up short: at stream offset `shortOffset`, it
   * needed bytes up to message offset `shortNeed`. Until they have all
   * arrived, another look would decide exactly the same, so it is not made
   * (a large message arriving in many chunks is decoded once, not once per chunk).
   */
  private shortOffset = -1;
  private shortNeed = 0;
  constructor(
    private readonly m: StructMatcher,
    private readonly vars: Vars,
    private readonly limits: MatchLimits,
  ) {}

  advance(input: StreamView, ended: boolean): Progress {
    if (input.offset === this.shortOffset && input.length < this.shortNeed) {
      this.waitingAt = input.length;
      return ended ? ENDED : PENDING;
    }
    let window = Math.min(input.length, FIRST_WINDOW);
    for (;;) {
      const bytes = input.peek(window);
      const v = decodeStruct(this.m.fields, bytes, this.vars, this.limits.maxUnit);
      switch (v.state) {
        case 'matched':
          input.skip(v.length);
          return { state: 'matched', captures: v.captures };
        case 'short':
          if (window < input.length) {
            // The verdict is a function of the bytes alone: showing more can only carry it further.
            window = Math.min(input.length, Math.max(v.need, window * 2));
            continue;
          }
          this.waitingField = v.awaiting;
          this.waitingAt = window;
          this.shortOffset = input.offset;
          this.shortNeed = v.need;
          return ended ? ENDED : PENDING;
        case 'overflow':
          return { state: 'overflow', limit: v.limit };
        case 'mismatch':
          return new StructMismatchProgress(this.m, v, bytes, input.offset);
      }
    }
  }

  restart(): void {
    this.waitingField = '';
    this.waitingAt = 0;
    this.shortOffset = -1;
    this.shortNeed = 0;
  }

  awaiting(input: StreamView): string {
    const at = this.waitingField
      ? `${this.waitingField}, at byte ${this.waitingAt} of the message`
      : `the first field, ${input.length} bytes so far`;
    return `${describe(this.m)}: ${at}`;
  }
}

export const struct: MatcherKind<StructMatcher> = {
  spelling: '{ struct }',
  map: {
    key: 'struct',
    companions: [],
    read(ctx, fields, place) {
      // A frame's payload is a whole unit: its size bounds the fields as a length would.
      const list = readStruct(ctx, fields.get('struct')!.value, 'expect', place === 'unit');
      return list && { kind: 'struct', fields: list };
    },
  },
  judgeUnit(m, unit, _isLine, vars) {
    const v = decodeWholeStruct(m.fields, unit, vars, DEFAULT_LIMITS.maxUnit);
    switch (v.state) {
      case 'matched':
        return { ok: true, captures: v.captures };
      case 'mismatch':
        return { ok: false, offset: v.start, reason: v.sentence };
      default:
        // A whole unit has every byte there is: decodeWholeStruct never comes up short.
        return { ok: false, reason: `more than ${DEFAULT_LIMITS.maxUnit} bytes` };
    }
  },
  refusesFirstByte(m, byte) {
    const first = leadingByte(m.fields);
    return first !== undefined && first !== byte;
  },
  expectation: (m, vars, limits) => new StructExpectation(m, vars, limits),
  describe,
  captures: (m) => structCaptures(m.fields),
  templates: (m) => structOutsideTemplates(m.fields),
  samples: [
    { struct: [{ text: 'R' }, { u32be: { length: 'rest', includes_self: true } }, { u32be: 0 }] },
    { struct: [{ u8: 0x30 }, { ber_length: { length: 'rest' } }, { bytes: 'rest' }] },
    {
      struct: [
        { u16be: { as: 'flags', mask: 0x8000, equals: 0x8000 } },
        { varint: { length: 'body', max_bytes: 4 } },
        { cstring: { as: 'topic', match: '/.+/' } },
        { name: 'body', struct: [{ bytes: { size: 'rest', as: 'payload' } }] },
      ],
    },
    { struct: [{ u8: { in: [1, 2] } }, { i64le: -5 }, { hex: '00 01' }, { bytes: { size: 4 } }] },
  ],
};
