/**
 * `expect: { struct: [...] }`: judges the front of some bytes field by field.
 * It is a pure function of the bytes it is shown, so a caller may show more
 * and ask again as they arrive. A field decides as soon as it differs (a
 * type byte on its first byte); a length, once read, bounds what it counts,
 * and the counted fields must take exactly that many bytes. It never passes
 * on part of a message, and its verdict never depends on how the bytes were
 * split: every decision looks only at bytes before the point it is made.
 */
import { quoteBytes } from '../bytes';
import type { Captures } from '../match/progress';
import { fieldLabel } from '../spec/struct';
import type { StructField } from '../spec/struct';
import { renderTemplateBytes } from '../spec/template';
import type { Vars } from '../spec/template';
import { compileRegex } from '../match/regex';
import { numberFrom } from './encode';
import { formatNumber, readNumber } from './numbers';

/** Where a field lies in the message, for reports that mark it. */
export interface FieldMark {
  readonly label: string;
  /** Offsets in the message (its first byte is 0). */
  readonly start: number;
  readonly end: number;
}

export type StructVerdict =
  /** The message is whole and right: `length` bytes. */
  | { readonly state: 'matched'; readonly length: number; readonly captures: Captures }
  /** More bytes are needed: at least up to `need` (a message offset), for the field `awaiting` names. */
  | { readonly state: 'short'; readonly need: number; readonly awaiting: string }
  | {
      readonly state: 'mismatch';
      readonly field: FieldMark;
      /** `field 3 (u32be) at byte 5: expected 0, received 5 (0x00000005)`. */
      readonly sentence: string;
      /** Message offset just past the last byte the verdict looked at. */
      readonly decidedAt: number;
    }
  /** A length or an unbounded field would hold more than `limit` bytes. */
  | { readonly state: 'overflow'; readonly limit: number };

/** Ends a decode early with its verdict: the bytes are short, a field differs, or a size is too large. */
class Verdict extends Error {
  constructor(readonly verdict: Exclude<StructVerdict, { state: 'matched' }>) {
    super(verdict.state);
  }
}

function short(need: number, awaiting: string): Verdict {
  return new Verdict({ state: 'short', need, awaiting });
}

interface Region {
  readonly end: number;
  /** What set it, for messages: `field 2 (u32be length)`, `the frame`. */
  readonly by: string;
}

class Decoder {
  pos = 0;
  readonly captures: Captures = {};
  private readonly regions: Region[] = [];

  constructor(
    private readonly buf: Buffer,
    private readonly vars: Vars,
    readonly maxUnit: number,
  ) {}

  private get region(): Region | undefined {
    return this.regions[this.regions.length - 1];
  }

  /** Message offset where the innermost region ends, or Infinity. */
  private get limit(): number {
    return this.region?.end ?? Infinity;
  }

  pushRegion(length: number, by: string, path: readonly StructField[], start: number): void {
    const outer = this.region;
    if (outer && this.pos + length > outer.end) {
      this.fail(path, start, `says ${length} bytes follow, but ${outer.by} leaves ${outer.end - this.pos}`, this.pos);
    }
    if (length > this.maxUnit) throw this.overflow();
    this.regions.push({ end: this.pos + length, by });
  }

  /**
   * Leaves the innermost region, which the fields it counts (from `from`)
   * must have filled exactly; a mismatch names the field at `path`, which starts at `start`.
   */
  popRegion(path: readonly StructField[], start: number, from: number, markEnd?: number): void {
    const r = this.regions.pop()!;
    if (this.pos !== r.end) {
      const took = `${r.end - from} bytes, but the fields it counts took ${this.pos - from}`;
      // Named by the length field itself (`rest`), or by the field a length counted (`next`, a name).
      const says = markEnd !== undefined ? `says ${took}` : `${r.by} says ${took}`;
      this.fail(path, start, says, this.pos, markEnd ?? this.pos);
    }
  }

  overflow(): Verdict {
    return new Verdict({ state: 'overflow', limit: this.maxUnit });
  }

  fail(path: readonly StructField[], start: number, what: string, decidedAt: number, end = decidedAt): never {
    const label = fieldLabel(path);
    const field = { label, start, end: Math.max(end, start + 1) };
    throw new Verdict({ state: 'mismatch', field, sentence: `${label} at byte ${start}: ${what}`, decidedAt });
  }

  /** Makes sure `n` bytes from here lie inside the innermost region and have arrived. */
  need(n: number, path: readonly StructField[]): void {
    if (this.pos + n > this.limit) {
      this.fail(path, this.pos, `needs ${n} bytes, but ${this.region!.by} leaves ${this.limit - this.pos}`, this.pos);
    }
    if (this.pos + n > this.buf.length) throw short(this.pos + n, fieldLabel(path));
  }

  /** Compares the next bytes with `want` as far as they have arrived: a difference decides at once. */
  exact(want: Buffer, path: readonly StructField[], describe: () => string): void {
    const start = this.pos;
    if (start + want.length > this.limit) {
      this.fail(path, start, `needs ${want.length} bytes, but ${this.region!.by} leaves ${this.limit - start}`, start);
    }
    const have = Math.min(want.length, this.buf.length - start);
    for (let i = 0; i < have; i++) {
      if (this.buf[start + i] !== want[i]) {
        const got = this.buf.subarray(start, start + Math.min(have, Math.max(i + 1, 16)));
        this.fail(
          path,
          start,
          `expected ${describe()}, received ${quoteBytes(got)} (first difference at byte ${start + i})`,
          start + i + 1,
          start + want.length,
        );
      }
    }
    if (have < want.length) throw short(start + want.length, fieldLabel(path));
    this.pos += want.length;
  }

  list(fields: readonly StructField[], outer: readonly StructField[]): void {
    /** Sizes that earlier length fields gave later ones, by index in `fields`. */
    const sized = new Map<number, { length: number; by: string }>();
    let rest: { start: number; from: number; path: readonly StructField[] } | undefined;
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i]!;
      const path = [...outer, field];
      const size = sized.get(i);
      const start = this.pos;
      if (size) this.pushRegion(size.length, size.by, path, start);
      const length = this.field(field, path);
      if (size) this.popRegion(path, start, start);
      if (length && field.kind === 'number' && field.length) {
        if (field.length.counts === 'rest') {
          this.pushRegion(length.counted, `the length in ${fieldLabel(path)}`, path, start);
          rest = { start, from: this.pos, path };
        } else {
          sized.set(field.length.counts.field, { length: length.counted, by: `the length in ${fieldLabel(path)}` });
        }
      }
    }
    // Marked: the length field itself, whose claim the fields after it did not bear out.
    if (rest) this.popRegion(rest.path, rest.start, rest.from, rest.from);
  }

  /** Reads one field; for a length field, how many bytes it says it counts. */
  private field(f: StructField, path: readonly StructField[]): { counted: number } | undefined {
    const start = this.pos;
    switch (f.kind) {
      case 'number': {
        const room = Math.min(this.buf.length, this.limit) - start;
        const r = readNumber(f.codec, (k) => this.buf[start + k]!, room);
        if (r.state === 'short') {
          this.need(r.width, path);
          throw new Error('unreachable: need() throws for a short number');
        }
        if (r.state === 'bad') this.fail(path, start, r.why, start + r.width);
        const v = r.value;
        const end = start + r.width;
        const got = `received ${formatNumber(f.codec, v)}`;
        if (f.value !== undefined) {
          const want = numberFrom(f.value, this.vars, fieldLabel(path));
          if (v !== want) this.fail(path, start, `expected ${want}, ${got}`, end);
        }
        if (f.mask && (v & f.mask.mask) !== f.mask.equals) {
          this.fail(
            path,
            start,
            `expected (value & 0x${f.mask.mask.toString(16)}) = 0x${f.mask.equals.toString(16)}, ${got}`,
            end,
          );
        }
        if (f.in && !f.in.includes(v)) this.fail(path, start, `expected one of ${f.in.join(', ')}, ${got}`, end);
        this.pos = end;
        if (f.as !== undefined) this.captures[f.as] = v.toString();
        if (!f.length) return undefined;
        const counted = v - (f.length.includesSelf ? BigInt(r.width) : 0n) - BigInt(f.length.adjust);
        if (counted < 0n) {
          const self = f.length.includesSelf ? `its own ${r.width} bytes` : '';
          const adj = f.length.adjust ? `${self ? ' and ' : ''}an adjust of ${f.length.adjust}` : '';
          this.fail(path, start, `a length of ${v} is less than ${self}${adj} it includes`, end);
        }
        if (counted > BigInt(this.maxUnit)) throw this.overflow();
        return { counted: Number(counted) };
      }
      case 'text': {
        const want = renderTemplateBytes(f.text, this.vars);
        this.exact(want, path, () => quoteBytes(want));
        return undefined;
      }
      case 'hex':
        this.exact(f.bytes, path, () => quoteBytes(f.bytes));
        return undefined;
      case 'cstring': {
        if (f.text) {
          const want = Buffer.concat([renderTemplateBytes(f.text, this.vars), Buffer.of(0)]);
          this.exact(want, path, () => quoteBytes(want));
          return undefined;
        }
        const stop = Math.min(this.buf.length, this.limit);
        const zero = this.buf.subarray(0, stop).indexOf(0, start);
        if (zero < 0) {
          if (this.limit <= this.buf.length) {
            this.fail(path, start, `no 0 byte ends it before ${this.region!.by} ends`, this.limit);
          }
          if (stop - start > this.maxUnit) throw this.overflow();
          throw short(stop + 1, fieldLabel(path));
        }
        this.value(f, path, start, this.buf.subarray(start, zero), zero + 1);
        this.pos = zero + 1;
        return undefined;
      }
      case 'bytes': {
        const n =
          f.size === undefined || f.size === 'rest'
            ? this.limit - start
            : typeof f.size === 'number'
              ? f.size
              : Number(numberFrom(f.size, this.vars, fieldLabel(path)));
        // The loader refuses `rest` outside a length's region, so n is finite here.
        if (n > this.maxUnit) throw this.overflow();
        this.need(n, path);
        this.value(f, path, start, this.buf.subarray(start, start + n), start + n);
        this.pos = start + n;
        return undefined;
      }
      case 'struct':
        this.list(f.fields, path);
        return undefined;
    }
  }

  /** A `cstring` or `bytes` value: matched against its regex, stored under its name. */
  private value(
    f: { readonly match?: Parameters<typeof compileRegex>[0]; readonly as?: string },
    path: readonly StructField[],
    start: number,
    bytes: Buffer,
    end: number,
  ): void {
    if (f.match && !compileRegex(f.match, this.vars).test(bytes.toString('utf8'))) {
      this.fail(
        path,
        start,
        `expected bytes matching /${f.match.pattern.source}/${f.match.flags}, received ${quoteBytes(bytes)}`,
        end,
      );
    }
    // A copy: a capture keeps its bytes exactly, whatever happens to the buffer they came in.
    if (f.as !== undefined) this.captures[f.as] = Buffer.from(bytes);
  }

  /** Runs the fields over the whole of `unit`, which they must fill exactly. */
  whole(fields: readonly StructField[], by: string): void {
    this.regions.push({ end: this.buf.length, by });
    this.list(fields, []);
    if (this.pos !== this.buf.length) {
      throw new Verdict({
        state: 'mismatch',
        field: { label: 'after the last field', start: this.pos, end: this.buf.length },
        sentence: `after the last field, at byte ${this.pos}: ${this.buf.length - this.pos} more bytes than the struct reads`,
        decidedAt: this.buf.length,
      });
    }
  }
}

function run(decoder: Decoder, body: () => void): StructVerdict {
  try {
    body();
    return { state: 'matched', length: decoder.pos, captures: decoder.captures };
  } catch (e) {
    if (e instanceof Verdict) return e.verdict;
    throw e;
  }
}

/** Judges the message at the front of `bytes` (which may be only its beginning). */
export function decodeStruct(
  fields: readonly StructField[],
  bytes: Buffer,
  vars: Vars,
  maxUnit: number,
): StructVerdict {
  const d = new Decoder(bytes, vars, maxUnit);
  return run(d, () => d.list(fields, []));
}

/** Judges `unit` as one whole message (a frame's payload): the fields must take every byte of it. */
export function decodeWholeStruct(
  fields: readonly StructField[],
  unit: Buffer,
  vars: Vars,
  maxUnit: number,
  by = 'the frame',
): StructVerdict {
  const d = new Decoder(unit, vars, maxUnit);
  return run(d, () => d.whole(fields, by));
}
