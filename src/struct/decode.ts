/**
 * `expect: { struct: [...] }`: judges the front of some bytes field by field.
 * It is a pure function of the bytes it is shown, so a caller may show more
 * and ask again as they arrive. A field decides as soon as it differs (a
 * type byte on its first byte); a length, once read, bounds what it counts,
 * and the counted fields must take exactly that many bytes. It never passes
 * on part of a message, and its verdict never depends on how the bytes were
 * split: every decision looks only at bytes before the point it is made.
 *
 * A capture (`as:`) is visible to the later fields of the same message.
 *
 * The success path builds no text: a mismatch's label and sentence are
 * rendered only when someone reads them, since `until` tries its terminator
 * on every message and throws most of those verdicts away unread.
 */
import { quoteBytes } from '../bytes';
import type { Captures } from '../match/progress';
import { fieldLabel } from '../spec/struct';
import type { NumberCodec, StructField } from '../spec/struct';
import { renderTemplateBytes } from '../spec/template';
import type { VarValue, Vars } from '../spec/template';
import type { Template } from '../spec/types';
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

/** A field that differs; `field` and `sentence` are rendered when first read. */
export interface StructMismatch {
  readonly state: 'mismatch';
  readonly field: FieldMark;
  /** `field 3 (u32be) at byte 5: expected 0, received 5 (0x00000005)`. */
  readonly sentence: string;
  /** Message offset just past the last byte the verdict looked at. */
  readonly decidedAt: number;
  /** The marked field's offsets (`field.start`, `field.end`), without rendering its label. */
  readonly start: number;
  readonly end: number;
}

export type StructVerdict =
  /** The message is whole and right: `length` bytes. */
  | { readonly state: 'matched'; readonly length: number; readonly captures: Captures }
  /** More bytes are needed: at least up to `need` (a message offset), for the field `awaiting` names. */
  | { readonly state: 'short'; readonly need: number; readonly awaiting: string }
  | StructMismatch
  /** A length or an unbounded field would hold more than `limit` bytes. */
  | { readonly state: 'overflow'; readonly limit: number };

type Stop = Exclude<StructVerdict, { state: 'matched' }>;

/**
 * A field as the decoder meets it, compiled once per field list: its path
 * (for its label, rendered only on demand) and its constant bytes.
 */
interface Node {
  readonly field: StructField;
  readonly path: readonly StructField[];
  readonly children: readonly Node[];
  /** The bytes a `text` or `cstring` with no `${...}` must equal. */
  readonly constant: Buffer | undefined;
  /** The value an integer field must equal, when written as a number (a JS number when exact). */
  readonly want: number | bigint | undefined;
  label?: string;
}

const compiled = new WeakMap<readonly StructField[], readonly Node[]>();

function nodesOf(fields: readonly StructField[]): readonly Node[] {
  let nodes = compiled.get(fields);
  if (!nodes) compiled.set(fields, (nodes = compile(fields, [])));
  return nodes;
}

function compile(fields: readonly StructField[], outer: readonly StructField[]): Node[] {
  return fields.map((field) => {
    const path = [...outer, field];
    return {
      field,
      path,
      children: field.kind === 'struct' ? compile(field.fields, path) : [],
      constant: constantBytes(field),
      want: field.kind === 'number' && typeof field.value === 'bigint' ? exactNumber(field.value) : undefined,
    };
  });
}

function isConstant(t: Template): boolean {
  return t.parts.every((p) => typeof p === 'string');
}

/** A JS number where it holds the value exactly, so small fields compare without bigints. */
function exactNumber(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}

function sameNumber(a: number | bigint, b: number | bigint): boolean {
  return typeof a === 'number' && typeof b === 'number' ? a === b : BigInt(a) === BigInt(b);
}

function constantBytes(f: StructField): Buffer | undefined {
  switch (f.kind) {
    case 'text':
      return isConstant(f.text) ? renderTemplateBytes(f.text, new Map()) : undefined;
    case 'cstring':
      return f.text && isConstant(f.text)
        ? Buffer.concat([renderTemplateBytes(f.text, new Map()), Buffer.of(0)])
        : undefined;
    default:
      return undefined;
  }
}

function labelOf(node: Node): string {
  return (node.label ??= fieldLabel(node.path));
}

interface Region {
  readonly end: number;
  /** The length field that set it, or what else did: `the frame`. */
  readonly byNode: Node | undefined;
  readonly byText: string;
}

/** What set a region, for messages: `the length in field 2 (u32be length)`, `the frame`. */
function regionBy(r: Region): string {
  return r.byNode ? `the length in ${labelOf(r.byNode)}` : r.byText;
}

function mismatch(
  label: () => string,
  start: number,
  end: number,
  decidedAt: number,
  sentence: (label: string) => string,
): StructMismatch {
  let field: FieldMark | undefined;
  let text: string | undefined;
  const fieldMark = (): FieldMark => (field ??= { label: label(), start, end });
  return {
    state: 'mismatch',
    start,
    end,
    decidedAt,
    get field(): FieldMark {
      return fieldMark();
    },
    get sentence(): string {
      return (text ??= sentence(fieldMark().label));
    },
  };
}

/** An integer of at most 4 bytes, which a JS number holds exactly. */
function readSmallInt(codec: Extract<NumberCodec, { kind: 'int' }>, buf: Buffer, at: number): number {
  switch (codec.width) {
    case 1:
      return codec.signed ? buf.readInt8(at) : buf[at]!;
    case 2:
      if (codec.little) return codec.signed ? buf.readInt16LE(at) : buf.readUInt16LE(at);
      return codec.signed ? buf.readInt16BE(at) : buf.readUInt16BE(at);
    case 3:
      if (codec.little) return codec.signed ? buf.readIntLE(at, 3) : buf.readUIntLE(at, 3);
      return codec.signed ? buf.readIntBE(at, 3) : buf.readUIntBE(at, 3);
    default:
      if (codec.little) return codec.signed ? buf.readInt32LE(at) : buf.readUInt32LE(at);
      return codec.signed ? buf.readInt32BE(at) : buf.readUInt32BE(at);
  }
}

/**
 * Every step returns true to go on, or false once it has stopped the decode,
 * with the verdict in `stop`.
 */
class Decoder {
  pos = 0;
  readonly captures: Captures = {};
  stop: Stop | undefined;
  private readonly regions: Region[] = [];
  private captured = false;
  /** The variables with this message's captures so far, once a field after a capture has asked. */
  private scope: Map<string, VarValue> | undefined;

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
    const r = this.region;
    return r ? r.end : Infinity;
  }

  /** What templates see: the variables, and what earlier fields of this message captured. */
  private get visible(): Vars {
    if (!this.captured) return this.vars;
    return (this.scope ??= new Map([...this.vars, ...Object.entries(this.captures)]));
  }

  private capture(name: string, value: VarValue): void {
    this.captures[name] = value;
    this.captured = true;
    // Built again, with this capture, only if a later field reads a variable.
    this.scope = undefined;
  }

  pushRegion(length: number, byNode: Node | undefined, byText: string, node: Node, start: number): boolean {
    const outer = this.region;
    if (outer && this.pos + length > outer.end) {
      const pos = this.pos;
      return this.fail(node, start, () => `says ${length} bytes follow, but ${regionBy(outer)} leaves ${outer.end - pos}`, pos);
    }
    if (length > this.maxUnit) return this.overflow();
    this.regions.push({ end: this.pos + length, byNode, byText });
    return true;
  }

  /**
   * Leaves the innermost region, which the fields it counts (from `from`)
   * must have filled exactly; a mismatch names the field `node`, which starts at `start`.
   */
  popRegion(node: Node, start: number, from: number, markEnd?: number): boolean {
    const r = this.regions.pop()!;
    if (this.pos === r.end) return true;
    const pos = this.pos;
    const took = (): string => `${r.end - from} bytes, but the fields it counts took ${pos - from}`;
    // Named by the length field itself (`rest`), or by the field a length counted (`next`, a name).
    const says = markEnd !== undefined ? () => `says ${took()}` : () => `${regionBy(r)} says ${took()}`;
    return this.fail(node, start, says, pos, markEnd ?? pos);
  }

  overflow(): false {
    this.stop = { state: 'overflow', limit: this.maxUnit };
    return false;
  }

  short(need: number, node: Node): false {
    this.stop = { state: 'short', need, awaiting: labelOf(node) };
    return false;
  }

  fail(node: Node, start: number, what: () => string, decidedAt: number, end = decidedAt): false {
    this.stop = mismatch(
      () => labelOf(node),
      start,
      Math.max(end, start + 1),
      decidedAt,
      (label) => `${label} at byte ${start}: ${what()}`,
    );
    return false;
  }

  /** Makes sure `n` bytes from here lie inside the innermost region and have arrived. */
  need(n: number, node: Node): boolean {
    const pos = this.pos;
    const limit = this.limit;
    if (pos + n > limit) {
      const r = this.region!;
      return this.fail(node, pos, () => `needs ${n} bytes, but ${regionBy(r)} leaves ${limit - pos}`, pos);
    }
    if (pos + n > this.buf.length) return this.short(pos + n, node);
    return true;
  }

  /** Compares the next bytes with `want` as far as they have arrived: a difference decides at once. */
  exact(want: Buffer, node: Node): boolean {
    const start = this.pos;
    const buf = this.buf;
    const limit = this.limit;
    if (start + want.length > limit) {
      const r = this.region!;
      return this.fail(node, start, () => `needs ${want.length} bytes, but ${regionBy(r)} leaves ${limit - start}`, start);
    }
    const have = Math.min(want.length, buf.length - start);
    for (let i = 0; i < have; i++) {
      if (buf[start + i] !== want[i]) {
        const got = buf.subarray(start, start + Math.min(have, Math.max(i + 1, 16)));
        return this.fail(
          node,
          start,
          () => `expected ${quoteBytes(want)}, received ${quoteBytes(got)} (first difference at byte ${start + i})`,
          start + i + 1,
          start + want.length,
        );
      }
    }
    if (have < want.length) return this.short(start + want.length, node);
    this.pos += want.length;
    return true;
  }

  list(nodes: readonly Node[]): boolean {
    /** Sizes that earlier length fields gave later ones, by index in `nodes`. */
    let sized: Map<number, { length: number; by: Node }> | undefined;
    let restNode: Node | undefined;
    let restStart = 0;
    let restFrom = 0;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      const field = node.field;
      const size = sized?.get(i);
      const start = this.pos;
      if (size && !this.pushRegion(size.length, size.by, '', node, start)) return false;
      const counted = this.field(node);
      if (counted === false) return false;
      if (size && !this.popRegion(node, start, start)) return false;
      if (counted >= 0 && field.kind === 'number' && field.length) {
        if (field.length.counts === 'rest') {
          if (!this.pushRegion(counted, node, '', node, start)) return false;
          restNode = node;
          restStart = start;
          restFrom = this.pos;
        } else {
          (sized ??= new Map()).set(field.length.counts.field, { length: counted, by: node });
        }
      }
    }
    // Marked: the length field itself, whose claim the fields after it did not bear out.
    if (restNode) return this.popRegion(restNode, restStart, restFrom, restFrom);
    return true;
  }

  /** Reads one field: false once stopped, else for a length field how many bytes it counts, else -1. */
  private field(node: Node): number | false {
    const f = node.field;
    const start = this.pos;
    switch (f.kind) {
      case 'number':
        return this.number(node, f);
      case 'hex':
        return this.exact(f.bytes, node) && -1;
      case 'text':
        return this.exact(node.constant ?? renderTemplateBytes(f.text, this.visible), node) && -1;
      case 'cstring': {
        if (f.text) {
          const want = node.constant ?? Buffer.concat([renderTemplateBytes(f.text, this.visible), Buffer.of(0)]);
          return this.exact(want, node) && -1;
        }
        const limit = this.limit;
        const stop = Math.min(this.buf.length, limit);
        const zero = this.buf.subarray(0, stop).indexOf(0, start);
        if (zero < 0) {
          if (limit <= this.buf.length) {
            const r = this.region!;
            return this.fail(node, start, () => `no 0 byte ends it before ${regionBy(r)} ends`, limit);
          }
          if (stop - start > this.maxUnit) return this.overflow();
          return this.short(stop + 1, node);
        }
        if (!this.value(f, node, start, this.buf.subarray(start, zero), zero + 1)) return false;
        this.pos = zero + 1;
        return -1;
      }
      case 'bytes': {
        const n =
          f.size === undefined || f.size === 'rest'
            ? this.limit - start
            : typeof f.size === 'number'
              ? f.size
              : Number(numberFrom(f.size, this.visible, labelOf(node)));
        // The loader refuses `rest` outside a length's region, so n is finite here.
        if (n > this.maxUnit) return this.overflow();
        if (!this.need(n, node)) return false;
        if (!this.value(f, node, start, this.buf.subarray(start, start + n), start + n)) return false;
        this.pos = start + n;
        return -1;
      }
      case 'struct':
        return this.list(node.children) && -1;
    }
  }

  /** An integer field; for a length, how many bytes it counts. */
  private number(node: Node, f: Extract<StructField, { kind: 'number' }>): number | false {
    const start = this.pos;
    const room = Math.min(this.buf.length, this.limit) - start;
    const codec = f.codec;
    let v: bigint | number;
    let width: number;
    if (codec.kind === 'int' && codec.width <= 4) {
      width = codec.width;
      if (room < width) return this.need(width, node) && this.unreachable();
      v = readSmallInt(codec, this.buf, start);
    } else {
      const r = readNumber(codec, (k) => this.buf[start + k]!, room);
      if (r.state === 'short') return this.need(r.width, node) && this.unreachable();
      if (r.state === 'bad') {
        const why = r.why;
        return this.fail(node, start, () => why, start + r.width);
      }
      v = r.value;
      width = r.width;
    }
    const end = start + width;
    const value = v;
    const got = (): string => `received ${formatNumber(codec, BigInt(value))}`;
    if (f.value !== undefined) {
      const want = node.want ?? numberFrom(f.value as Template, this.visible, labelOf(node));
      if (!sameNumber(v, want)) return this.fail(node, start, () => `expected ${want}, ${got()}`, end);
    }
    if (f.mask || f.in) {
      const big = BigInt(v);
      const mask = f.mask;
      if (mask && (big & mask.mask) !== mask.equals) {
        return this.fail(
          node,
          start,
          () => `expected (value & 0x${mask.mask.toString(16)}) = 0x${mask.equals.toString(16)}, ${got()}`,
          end,
        );
      }
      const within = f.in;
      if (within && !within.includes(big)) {
        return this.fail(node, start, () => `expected one of ${within.join(', ')}, ${got()}`, end);
      }
    }
    this.pos = end;
    if (f.as !== undefined) this.capture(f.as, v.toString());
    const length = f.length;
    if (!length) return -1;
    const counted =
      typeof v === 'number'
        ? v - (length.includesSelf ? width : 0) - length.adjust
        : v - (length.includesSelf ? BigInt(width) : 0n) - BigInt(length.adjust);
    if (counted < 0) {
      return this.fail(
        node,
        start,
        () => {
          const self = length.includesSelf ? `its own ${width} bytes` : '';
          const adj = length.adjust ? `${self ? ' and ' : ''}an adjust of ${length.adjust}` : '';
          return `a length of ${value} is less than ${self}${adj} it includes`;
        },
        end,
      );
    }
    if (counted > this.maxUnit) return this.overflow();
    return Number(counted);
  }

  /** need() stops the decode whenever a number's bytes are short; it cannot pass here. */
  private unreachable(): never {
    throw new Error('unreachable: need() passed for a short number');
  }

  /** A `cstring` or `bytes` value: matched against its regex, stored under its name. */
  private value(
    f: { readonly match?: Parameters<typeof compileRegex>[0]; readonly as?: string },
    node: Node,
    start: number,
    bytes: Buffer,
    end: number,
  ): boolean {
    const match = f.match;
    if (match && !compileRegex(match, this.visible).test(bytes.toString('utf8'))) {
      return this.fail(
        node,
        start,
        () => `expected bytes matching /${match.pattern.source}/${match.flags}, received ${quoteBytes(bytes)}`,
        end,
      );
    }
    // A copy: a capture keeps its bytes exactly, whatever happens to the buffer they came in.
    if (f.as !== undefined) this.capture(f.as, Buffer.from(bytes));
    return true;
  }

  /** Runs the fields over the whole of `buf`, which they must fill exactly. */
  whole(nodes: readonly Node[], by: string): boolean {
    this.regions.push({ end: this.buf.length, byNode: undefined, byText: by });
    if (!this.list(nodes)) return false;
    if (this.pos === this.buf.length) return true;
    const pos = this.pos;
    const size = this.buf.length;
    this.stop = mismatch(
      () => 'after the last field',
      pos,
      size,
      size,
      () => `after the last field, at byte ${pos}: ${size - pos} more bytes than the struct reads`,
    );
    return false;
  }
}

function verdict(d: Decoder, ok: boolean): StructVerdict {
  return ok ? { state: 'matched', length: d.pos, captures: d.captures } : d.stop!;
}

/** Judges the message at the front of `bytes` (which may be only its beginning). */
export function decodeStruct(
  fields: readonly StructField[],
  bytes: Buffer,
  vars: Vars,
  maxUnit: number,
): StructVerdict {
  const d = new Decoder(bytes, vars, maxUnit);
  return verdict(d, d.list(nodesOf(fields)));
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
  return verdict(d, d.whole(nodesOf(fields), by));
}
