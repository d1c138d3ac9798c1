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
import { NO_CAPTURES } from '../match/progress';
import type { Captures } from '../match/progress';
import { fieldLabel } from '../spec/struct';
import type { LengthOf, NumberCodec, NumberSource, StructField } from '../spec/struct';
import { renderTemplateBytes } from '../spec/template';
import type { VarValue, Vars } from '../spec/template';
import type { RegexSource, Template } from '../spec/types';
import { compileRegex } from '../match/regex';
import { numberFrom } from './encode';
import { formatNumber, readNumber } from './numbers';
import type { NumberRead } from './numbers';

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
  /**
   * More bytes are needed, for the field `awaiting` names: with fewer than
   * `need` (a message offset) the verdict stays this one.
   */
  | { readonly state: 'short'; readonly need: number; readonly awaiting: string }
  | StructMismatch
  /** A length or an unbounded field would hold more than `limit` bytes. */
  | { readonly state: 'overflow'; readonly limit: number };

type Stop = Exclude<StructVerdict, { state: 'matched' }>;

/**
 * A number field's parts that the decoder reads on every message. The
 * loader's field objects come in many shapes (one per set of options
 * written), which makes every property read on them slow once a decoder has
 * met a few; these all have one shape.
 */
interface NumberPlan {
  readonly codec: NumberCodec;
  readonly value: NumberSource | undefined;
  readonly mask: { readonly mask: bigint; readonly equals: bigint } | undefined;
  readonly in: readonly bigint[] | undefined;
  readonly as: string | undefined;
  readonly length: LengthOf | undefined;
}

/**
 * A field as the decoder meets it, compiled once per field list: its path
 * (for its label, rendered only on demand), its constant bytes, and what the
 * decoder reads of it on every message. Every node has the same shape.
 */
interface Node {
  readonly field: StructField;
  readonly kind: StructField['kind'];
  readonly path: readonly StructField[];
  readonly children: readonly Node[];
  /** The bytes a `text` or `cstring` with no `${...}` must equal. */
  readonly constant: Buffer | undefined;
  /** The value an integer field must equal, when written as a number (a JS number when exact). */
  readonly want: number | bigint | undefined;
  readonly number: NumberPlan | undefined;
  label: string | undefined;
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
      kind: field.kind,
      path,
      children: field.kind === 'struct' ? compile(field.fields, path) : [],
      constant: constantBytes(field),
      want: field.kind === 'number' && typeof field.value === 'bigint' ? exactNumber(field.value) : undefined,
      number: field.kind === 'number' ? numberPlan(field) : undefined,
      label: undefined,
    };
  });
}

function numberPlan(f: Extract<StructField, { kind: 'number' }>): NumberPlan {
  return { codec: f.codec, value: f.value, mask: f.mask, in: f.in, as: f.as, length: f.length };
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

/** The byte every matching message starts with, when its first field is fixed bytes. */
export function leadingByte(fields: readonly StructField[]): number | undefined {
  let node = nodesOf(fields)[0];
  while (node && node.field.kind === 'struct') node = node.children[0];
  if (!node) return undefined;
  const fixed = node.field.kind === 'hex' ? node.field.bytes : node.constant;
  return fixed?.[0];
}

function labelOf(node: Node): string {
  return (node.label ??= fieldLabel(node.path));
}

/** What set a region, for messages: a length field, or words (`the frame`). */
type RegionBy = Node | string;

function regionBy(by: RegionBy): string {
  return typeof by === 'string' ? by : `the length in ${labelOf(by)}`;
}

/** A field that differs; its label and sentence are rendered when first read. */
class Mismatch implements StructMismatch {
  readonly state = 'mismatch';
  private mark: FieldMark | undefined;
  private text: string | undefined;
  constructor(
    /** The field, or undefined for bytes after the last one. */
    private readonly node: Node | undefined,
    readonly start: number,
    readonly end: number,
    readonly decidedAt: number,
    private readonly what: () => string,
  ) {}

  get field(): FieldMark {
    return (this.mark ??= {
      label: this.node ? labelOf(this.node) : 'after the last field',
      start: this.start,
      end: this.end,
    });
  }

  get sentence(): string {
    return (this.text ??= this.node
      ? `${this.field.label} at byte ${this.start}: ${this.what()}`
      : `after the last field, at byte ${this.start}: ${this.what()}`);
  }
}

// Why a field differs, as functions made only on failure: the decoding
// methods create no closure, so a message that matches allocates no context.

function needsBytes(n: number, by: RegionBy, left: number): () => string {
  return () => `needs ${n} bytes, but ${regionBy(by)} leaves ${left}`;
}

function saysFollow(length: number, by: RegionBy, left: number): () => string {
  return () => `says ${length} bytes follow, but ${regionBy(by)} leaves ${left}`;
}

function tookOther(by: RegionBy, says: number, took: number, named: boolean): () => string {
  const what = `${says} bytes, but the fields it counts took ${took}`;
  // Named by the length field itself (`rest`), or by the field a length counted (`next`, a name).
  return () => (named ? `says ${what}` : `${regionBy(by)} says ${what}`);
}

/** `want` against the field at message offset `start`, which lies at `buf[at]`. */
function differs(want: Buffer, buf: Buffer, at: number, start: number, have: number, i: number): () => string {
  return () => {
    const got = buf.subarray(at, at + Math.min(have, Math.max(i + 1, 16)));
    return `expected ${quoteBytes(want)}, received ${quoteBytes(got)} (first difference at byte ${start + i})`;
  };
}

function noZero(by: RegionBy): () => string {
  return () => `no 0 byte ends it before ${regionBy(by)} ends`;
}

function said(why: string): () => string {
  return () => why;
}

function received(codec: NumberCodec, value: number | bigint): string {
  return `received ${formatNumber(codec, BigInt(value))}`;
}

function notEqual(want: number | bigint, codec: NumberCodec, value: number | bigint): () => string {
  return () => `expected ${want}, ${received(codec, value)}`;
}

function outsideMask(mask: { mask: bigint; equals: bigint }, codec: NumberCodec, value: bigint): () => string {
  return () =>
    `expected (value & 0x${mask.mask.toString(16)}) = 0x${mask.equals.toString(16)}, ${received(codec, value)}`;
}

function notIn(within: readonly bigint[], codec: NumberCodec, value: bigint): () => string {
  return () => `expected one of ${within.join(', ')}, ${received(codec, value)}`;
}

function lengthTooSmall(value: number | bigint, width: number, includesSelf: boolean, adjust: number): () => string {
  return () => {
    const self = includesSelf ? `its own ${width} bytes` : '';
    const adj = adjust ? `${self ? ' and ' : ''}an adjust of ${adjust}` : '';
    return `a length of ${value} is less than ${self}${adj} it includes`;
  };
}

function notMatching(match: RegexSource, bytes: Buffer): () => string {
  return () => `expected bytes matching /${match.pattern.source}/${match.flags}, received ${quoteBytes(bytes)}`;
}

function extraBytes(extra: number): () => string {
  return () => `${extra} more bytes than the struct reads`;
}

/**
 * An integer of at most 4 bytes, which a JS number holds exactly, whose
 * bytes the caller has seen arrive. Byte by byte: Buffer's readers check the
 * offset again and branch on width, sign and order at every call.
 */
function readSmallInt(codec: Extract<NumberCodec, { kind: 'int' }>, buf: Buffer, at: number): number {
  const width = codec.width;
  let v = 0;
  if (codec.little) for (let k = width - 1; k >= 0; k--) v = v * 256 + buf[at + k]!;
  else for (let k = 0; k < width; k++) v = v * 256 + buf[at + k]!;
  const top = 2 ** (8 * width - 1);
  return codec.signed && v >= top ? v - 2 * top : v;
}

/** A varint, a BER length or a 64-bit integer, read as a bigint. */
function readWide(codec: NumberCodec, buf: Buffer, start: number, room: number): NumberRead {
  return readNumber(codec, (k) => buf[start + k]!, room);
}

/**
 * Every step returns true to go on, or false once it has stopped the decode,
 * with the verdict in `stop`.
 *
 * It reads the message in place: message offset `pos` is `buf[base + pos]`,
 * and `size` bytes of it have arrived. A stream's chunk is read where it
 * lies, with no view made per message; offsets in verdicts and regions are
 * message offsets, whatever `base` is.
 */
class Decoder {
  pos = 0;
  /** What this message captured, made at its first capture. */
  captures: Captures | undefined;
  stop: Stop | undefined;
  /**
   * The open length regions, innermost last: where each ends, and what set
   * it; `depth` of them are open (the arrays are kept across messages).
   */
  private readonly ends: number[] = [];
  private readonly bys: RegionBy[] = [];
  private depth = 0;
  /** The variables with this message's captures so far, once a field after a capture has asked. */
  private scope: Map<string, VarValue> | undefined;
  private buf: Buffer = Buffer.alloc(0);
  private base = 0;
  private size = 0;
  private vars: Vars = new Map();
  private maxUnit = 0;

  /** Starts on a new message: one decoder serves every decode, which never runs inside another. */
  reset(buf: Buffer, base: number, size: number, vars: Vars, maxUnit: number): this {
    this.pos = 0;
    this.captures = undefined;
    this.stop = undefined;
    this.depth = 0;
    this.limit = Infinity;
    this.scope = undefined;
    this.buf = buf;
    this.base = base;
    this.size = size;
    this.vars = vars;
    this.maxUnit = maxUnit;
    return this;
  }

  /** Message offset where the innermost region ends, or Infinity: kept, since every field asks. */
  private limit = Infinity;

  /** What set the innermost region (asked only when one is open). */
  private get by(): RegionBy {
    return this.bys[this.depth - 1]!;
  }

  /** What templates see: the variables, and what earlier fields of this message captured. */
  private get visible(): Vars {
    if (!this.captures) return this.vars;
    return (this.scope ??= new Map([...this.vars, ...Object.entries(this.captures)]));
  }

  private capture(name: string, value: VarValue): void {
    (this.captures ??= {})[name] = value;
    // Built again, with this capture, only if a later field reads a variable.
    this.scope = undefined;
  }

  private open(end: number, by: RegionBy): void {
    this.ends[this.depth] = end;
    this.bys[this.depth] = by;
    this.depth += 1;
    this.limit = end;
  }

  pushRegion(length: number, by: RegionBy, node: Node, start: number): boolean {
    const pos = this.pos;
    const outer = this.limit;
    if (pos + length > outer) return this.fail(node, start, pos, pos, saysFollow(length, this.by, outer - pos));
    if (length > this.maxUnit) return this.overflow();
    this.open(pos + length, by);
    return true;
  }

  /**
   * Leaves the innermost region, which the fields it counts (from `from`)
   * must have filled exactly; a mismatch names the field `node`, which starts
   * at `start`, and marks up to `markEnd` when given (the length field itself).
   */
  popRegion(node: Node, start: number, from: number, markEnd?: number): boolean {
    this.depth -= 1;
    const end = this.ends[this.depth]!;
    const by = this.bys[this.depth]!;
    this.limit = this.depth === 0 ? Infinity : this.ends[this.depth - 1]!;
    const pos = this.pos;
    if (pos === end) return true;
    const why = tookOther(by, end - from, pos - from, markEnd !== undefined);
    return this.fail(node, start, pos, markEnd ?? pos, why);
  }

  overflow(): false {
    this.stop = { state: 'overflow', limit: this.maxUnit };
    return false;
  }

  short(need: number, node: Node): false {
    this.stop = { state: 'short', need, awaiting: labelOf(node) };
    return false;
  }

  fail(node: Node | undefined, start: number, decidedAt: number, end: number, what: () => string): false {
    this.stop = new Mismatch(node, start, Math.max(end, start + 1), decidedAt, what);
    return false;
  }

  /** Makes sure `n` bytes from here lie inside the innermost region and have arrived. */
  need(n: number, node: Node): boolean {
    const pos = this.pos;
    const limit = this.limit;
    if (pos + n > limit) return this.fail(node, pos, pos, pos, needsBytes(n, this.by, limit - pos));
    if (pos + n > this.size) return this.short(pos + n, node);
    return true;
  }

  /** Compares the next bytes with `want` as far as they have arrived: a difference decides at once. */
  exact(want: Buffer, node: Node): boolean {
    const start = this.pos;
    const buf = this.buf;
    const at = this.base + start;
    const limit = this.limit;
    if (start + want.length > limit) {
      return this.fail(node, start, start, start, needsBytes(want.length, this.by, limit - start));
    }
    const have = Math.min(want.length, this.size - start);
    for (let i = 0; i < have; i++) {
      if (buf[at + i] !== want[i]) {
        const why = differs(want, buf, at, start, have, i);
        return this.fail(node, start, start + i + 1, start + want.length, why);
      }
    }
    // The next byte may already differ, so that is what it needs, not the whole of `want`.
    if (have < want.length) return this.short(this.size + 1, node);
    this.pos += want.length;
    return true;
  }

  list(nodes: readonly Node[]): boolean {
    // What a `length: next` gave the field after it; a length naming a later field goes in `named`.
    let nextLength = -1;
    let nextBy: Node | undefined;
    let named: Map<number, { length: number; by: Node }> | undefined;
    let restNode: Node | undefined;
    let restStart = 0;
    let restFrom = 0;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      let sizeLength = -1;
      let sizeBy: Node | undefined;
      if (nextBy !== undefined) {
        sizeLength = nextLength;
        sizeBy = nextBy;
        nextBy = undefined;
      } else if (named !== undefined) {
        const size = named.get(i);
        if (size) {
          sizeLength = size.length;
          sizeBy = size.by;
        }
      }
      const start = this.pos;
      if (sizeBy !== undefined && !this.pushRegion(sizeLength, sizeBy, node, start)) return false;
      const counted = this.field(node);
      if (counted === false) return false;
      if (sizeBy !== undefined && !this.popRegion(node, start, start)) return false;
      const length = counted >= 0 ? node.number?.length : undefined;
      if (length) {
        const counts = length.counts;
        if (counts === 'rest') {
          if (!this.pushRegion(counted, node, node, start)) return false;
          restNode = node;
          restStart = start;
          restFrom = this.pos;
        } else if (counts.field === i + 1) {
          nextLength = counted;
          nextBy = node;
        } else {
          (named ??= new Map()).set(counts.field, { length: counted, by: node });
        }
      }
    }
    // Marked: the length field itself, whose claim the fields after it did not bear out.
    if (restNode) return this.popRegion(restNode, restStart, restFrom, restFrom);
    return true;
  }

  /** Reads one field: false once stopped, else for a length field how many bytes it counts, else -1. */
  private field(node: Node): number | false {
    // Asked of the node, whose shape is always the same, before the field, whose shape is one of many.
    if (node.kind === 'number') return this.number(node, node.number!);
    if (node.constant) return this.exact(node.constant, node) && -1;
    const f = node.field;
    switch (f.kind) {
      case 'number':
        return this.number(node, node.number!);
      case 'hex':
        return this.exact(f.bytes, node) && -1;
      case 'text':
        return this.exact(renderTemplateBytes(f.text, this.visible), node) && -1;
      case 'cstring':
        if (f.text)
          return this.exact(Buffer.concat([renderTemplateBytes(f.text, this.visible), Buffer.of(0)]), node) && -1;
        return this.cstring(node, f);
      case 'bytes':
        return this.bytes(node, f);
      case 'struct':
        return this.list(node.children) && -1;
    }
  }

  /** A `cstring` read up to its 0 byte. */
  private cstring(node: Node, f: Extract<StructField, { kind: 'cstring' }>): number | false {
    const start = this.pos;
    const limit = this.limit;
    const stop = Math.min(this.size, limit);
    const base = this.base;
    // Searched within the message's bytes only: the chunk may go on past them.
    const found = this.buf.subarray(base + start, base + stop).indexOf(0);
    const zero = found < 0 ? -1 : start + found;
    if (zero < 0) {
      if (limit <= this.size) return this.fail(node, start, limit, limit, noZero(this.by));
      if (stop - start > this.maxUnit) return this.overflow();
      return this.short(stop + 1, node);
    }
    if (!this.value(f, node, start, zero, zero + 1)) return false;
    this.pos = zero + 1;
    return -1;
  }

  /** `bytes` of a size given, or what the region leaves. */
  private bytes(node: Node, f: Extract<StructField, { kind: 'bytes' }>): number | false {
    const start = this.pos;
    const n =
      f.size === undefined || f.size === 'rest'
        ? this.limit - start
        : typeof f.size === 'number'
          ? f.size
          : Number(numberFrom(f.size, this.visible, labelOf(node)));
    // The loader refuses `rest` outside a length's region, so n is finite here.
    if (n > this.maxUnit) return this.overflow();
    if (!this.need(n, node)) return false;
    if (!this.value(f, node, start, start + n, start + n)) return false;
    this.pos = start + n;
    return -1;
  }

  /** An integer field; for a length, how many bytes it counts. */
  private number(node: Node, f: NumberPlan): number | false {
    const start = this.pos;
    const room = Math.min(this.size, this.limit) - start;
    const codec = f.codec;
    let v: bigint | number;
    let width: number;
    if (codec.kind === 'int' && codec.width <= 4) {
      width = codec.width;
      if (room < width) return this.need(width, node) && this.unreachable();
      v = readSmallInt(codec, this.buf, this.base + start);
    } else {
      const r = readWide(codec, this.buf, this.base + start, room);
      if (r.state === 'short') return this.need(r.width, node) && this.unreachable();
      if (r.state === 'bad') return this.fail(node, start, start + r.width, start + r.width, said(r.why));
      v = r.value;
      width = r.width;
    }
    const end = start + width;
    if (f.value !== undefined) {
      const want = node.want ?? numberFrom(f.value, this.visible, labelOf(node));
      if (!sameNumber(v, want)) return this.fail(node, start, end, end, notEqual(want, codec, v));
    }
    if (f.mask || f.in) {
      const big = BigInt(v);
      if (f.mask && (big & f.mask.mask) !== f.mask.equals) {
        return this.fail(node, start, end, end, outsideMask(f.mask, codec, big));
      }
      if (f.in && !f.in.includes(big)) return this.fail(node, start, end, end, notIn(f.in, codec, big));
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
      return this.fail(node, start, end, end, lengthTooSmall(v, width, length.includesSelf, length.adjust));
    }
    if (counted > this.maxUnit) return this.overflow();
    return Number(counted);
  }

  /** need() stops the decode whenever a number's bytes are short; it cannot pass here. */
  private unreachable(): never {
    throw new Error('unreachable: need() passed for a short number');
  }

  /** A `cstring` or `bytes` value (`buf[start, stop)`): matched against its regex, stored under its name. */
  private value(
    f: { readonly match?: RegexSource; readonly as?: string },
    node: Node,
    start: number,
    stop: number,
    end: number,
  ): boolean {
    if (f.match === undefined && f.as === undefined) return true;
    const bytes = this.buf.subarray(this.base + start, this.base + stop);
    if (f.match && !compileRegex(f.match, this.visible).test(bytes.toString('utf8'))) {
      return this.fail(node, start, end, end, notMatching(f.match, bytes));
    }
    // A copy: a capture keeps its bytes exactly, whatever happens to the buffer they came in.
    if (f.as !== undefined) this.capture(f.as, Buffer.from(bytes));
    return true;
  }

  /** Runs the fields over the whole of the message, which they must fill exactly. */
  whole(nodes: readonly Node[], by: string): boolean {
    this.open(this.size, by);
    if (!this.list(nodes)) return false;
    const pos = this.pos;
    const size = this.size;
    if (pos === size) return true;
    this.stop = new Mismatch(undefined, pos, size, size, extraBytes(size - pos));
    return false;
  }
}

const decoder = new Decoder();

function verdict(d: Decoder, ok: boolean): StructVerdict {
  return ok ? { state: 'matched', length: d.pos, captures: d.captures ?? NO_CAPTURES } : d.stop!;
}

/** Judges the message at the front of `bytes` (which may be only its beginning). */
export function decodeStruct(
  fields: readonly StructField[],
  bytes: Buffer,
  vars: Vars,
  maxUnit: number,
): StructVerdict {
  return decodeStructAt(fields, bytes, 0, bytes.length, vars, maxUnit);
}

/**
 * Judges the message that starts at `chunk[base]`, of which `size` bytes
 * have arrived, reading the chunk in place: the same verdict, in message
 * offsets, as `decodeStruct` over a copy of those bytes.
 */
export function decodeStructAt(
  fields: readonly StructField[],
  chunk: Buffer,
  base: number,
  size: number,
  vars: Vars,
  maxUnit: number,
): StructVerdict {
  const d = decoder.reset(chunk, base, size, vars, maxUnit);
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
  const d = decoder.reset(unit, 0, unit.length, vars, maxUnit);
  return verdict(d, d.whole(nodesOf(fields), by));
}
