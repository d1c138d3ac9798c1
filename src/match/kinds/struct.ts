/**
 * `{ struct: [FIELD, ...] }`: one binary message, judged field by field as it
 * arrives (src/struct/decode.ts). It decides as soon as a field differs, so
 * `until`, `each` and `any:` over structs never wait for bytes that cannot
 * change the verdict; it never passes on part of a message.
 */
import type { Vars } from '../../spec/template';
import type { Matcher } from '../../spec/types';
import type { StructField } from '../../spec/struct';
import { decodeStruct, decodeStructAt, decodeWholeStruct, leadingByte } from '../../struct/decode';
import type { FieldMark, StructMismatch, StructVerdict } from '../../struct/decode';
import { readStruct, structCaptures, structOutsideTemplates } from '../../struct/read-fields';
import { emptySpan } from '../../stream/view';
import type { ChunkSpan, StreamView } from '../../stream/view';
import type { Expectation, MatcherKind } from '../kind';
import { DEFAULT_LIMITS, ENDED, MATCHED_NOTHING, NO_CAPTURES, PENDING } from '../progress';
import type { MatchLimits, Progress } from '../progress';

type StructMatcher = Extract<Matcher, { kind: 'struct' }>;

/** Bytes looked at first when a message runs past its first chunk: a small one is copied whole at once. */
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
  /** Where the front message lies, filled in by the view on every look: one object, not one per message. */
  private readonly front: ChunkSpan = emptySpan();
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
    // Most messages lie inside the chunk they start in: judged there, in place, with no view made.
    const front = input.spanAt(0, this.front);
    const m = this.m;
    const v = decodeStructAt(m.fields, front.chunk, front.start, front.length, this.vars, this.limits.maxUnit);
    // A match stands however much more has arrived. Any other verdict on only part of it is made again over
    // all of it, through copies, as before: the message runs past its chunk, which is rare.
    if (v.state === 'matched' || front.length === input.length) return this.settle(v, input, ended, front.length);
    return this.throughWindows(input, ended);
  }

  /**
   * Judges a message that runs past its first chunk on copies of its bytes,
   * in windows that grow until the verdict needs no more of them.
   */
  private throughWindows(input: StreamView, ended: boolean): Progress {
    let window = Math.min(input.length, FIRST_WINDOW);
    for (;;) {
      const bytes = input.peek(window);
      const v = decodeStruct(this.m.fields, bytes, this.vars, this.limits.maxUnit);
      if (v.state === 'short' && window < input.length) {
        // The verdict is a function of the bytes alone: showing more can only carry it further.
        window = Math.min(input.length, Math.max(v.need, window * 2));
        continue;
      }
      return this.settle(v, input, ended, window, bytes);
    }
  }

  /**
   * The verdict on the first `shown` unread bytes as a Progress; `bytes` are
   * those bytes when they were copied, else they are the front span.
   */
  private settle(v: StructVerdict, input: StreamView, ended: boolean, shown: number, bytes?: Buffer): Progress {
    switch (v.state) {
      case 'matched':
        input.skip(v.length);
        return v.captures === NO_CAPTURES ? MATCHED_NOTHING : { state: 'matched', captures: v.captures };
      case 'short':
        this.waitingField = v.awaiting;
        this.waitingAt = shown;
        this.shortOffset = input.offset;
        this.shortNeed = v.need;
        return ended ? ENDED : PENDING;
      case 'overflow':
        return { state: 'overflow', limit: v.limit };
      case 'mismatch': {
        const f = this.front;
        return new StructMismatchProgress(
          this.m,
          v,
          bytes ?? f.chunk.subarray(f.start, f.start + f.length),
          input.offset,
        );
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
