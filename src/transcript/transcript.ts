/**
 * A conversation as it happened: who sent which bytes when, on which
 * connection, inside TLS or not, and what each step did. Bounded: past
 * `maxBytes` of kept payload only sizes are recorded, so a 1 GiB exchange
 * leaves a small transcript.
 *
 * Recording allocates nothing per event: a request/response exchange records
 * six events per round trip, and as objects they all lived as long as the
 * conversation, which made them most of the peer's garbage-collection time.
 * They are kept in columns (typed arrays for the numbers, plain arrays for
 * the references that exist anyway), kept payload bytes are copied into one
 * growing buffer rather than holding every chunk (and its memory) alive, and
 * events are built as objects only when `events` is read, once each.
 */

/** What a TLS handshake agreed, as shown in transcripts and reports. */
export interface TlsHandshakeInfo {
  readonly version: string;
  readonly cipher: string;
  /** The ALPN protocol agreed, if any. */
  readonly alpn?: string;
  /** The SNI name asked for (client role) or received (server role), if any. */
  readonly servername?: string;
  /** Whether the other side's certificate was verified (client role with `verify`). */
  readonly verified?: boolean;
}

interface Lane {
  /**
   * The connection's name, in a spec with several connections; absent when
   * the spec has one, so single-connection transcripts read as they always did.
   */
  readonly connection?: string;
}

export type TranscriptEvent =
  | (Lane & {
      readonly t: number;
      readonly type: 'sent' | 'received';
      readonly bytes: Buffer;
      readonly size: number;
      /** Application data inside TLS: the plaintext, as the two applications see it. */
      readonly tls?: true;
    })
  | (Lane & {
      readonly t: number;
      readonly type: 'step';
      readonly index: number;
      readonly kind: string;
      readonly outcome: 'start' | 'pass' | 'fail';
      readonly note?: string;
    })
  | (Lane & {
      readonly t: number;
      readonly type: 'event';
      readonly what: string;
      /** Set on the event that records a completed TLS handshake. */
      readonly handshake?: TlsHandshakeInfo;
    });

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const NOTHING = Buffer.alloc(0);

/** Where a connection writes what happens on it: the transcript itself, or one lane of it. */
export interface TranscriptWriter {
  bytes(type: 'sent' | 'received', chunk: Buffer, tls?: boolean): void;
  step(index: number, kind: string, outcome: 'start' | 'pass' | 'fail', note?: string): void;
  event(what: string, handshake?: TlsHandshakeInfo): void;
}

/** What each recorded event is, in the low bits of its code. */
const Code = { sent: 0, received: 1, step: 2, event: 3, tls: 4 } as const;
const OUTCOMES = ['start', 'pass', 'fail'] as const;
/** A step event's outcome, shifted past the type bits (and the TLS bit of byte events). */
const OUTCOME_SHIFT = 3;
const OUTCOME_CODE = { start: 0, pass: 1, fail: 2 } as const;

const INITIAL_CAPACITY = 64;

export class Transcript implements TranscriptWriter {
  private readonly start = performance.now();
  private kept = 0;
  /** Bytes that arrived or left but were not kept. */
  dropped = 0;

  /** Events recorded; column k of each holds event k. */
  private count = 0;
  /** Type, TLS flag and step outcome. */
  private codes = new Uint8Array(INITIAL_CAPACITY);
  /** performance.now() when it was recorded (turned into `t` when built). */
  private times = new Float64Array(INITIAL_CAPACITY);
  /** A byte event's size, a step event's index. */
  private numbers = new Float64Array(INITIAL_CAPACITY);
  /** Index into `laneNames`: 0 is the unnamed lane. */
  private laneIds = new Uint16Array(INITIAL_CAPACITY);
  /** A byte event's start in `keptBuffer`, or -1 when it kept none, and how many bytes it kept. */
  private starts = new Float64Array(INITIAL_CAPACITY);
  private keptLengths = new Float64Array(INITIAL_CAPACITY);
  /** A step event's kind, an event's words; undefined for byte events. */
  private readonly refs: (string | undefined)[] = [];
  /** Every kept payload byte, in order; the first `kept` of it are used. */
  private keptBuffer = Buffer.allocUnsafe(0);
  /** A step event's note, an event's handshake; undefined when it has none. */
  private readonly extras: (string | TlsHandshakeInfo | undefined)[] = [];
  private readonly laneNames: (string | undefined)[] = [undefined];
  /** The events built so far, in order; `events` appends what was recorded since. */
  private readonly built: TranscriptEvent[] = [];

  constructor(private readonly maxBytes = 1024 * 1024) {}

  now(): number {
    return this.millis(performance.now());
  }

  private millis(at: number): number {
    return Math.round((at - this.start) * 1000) / 1000;
  }

  /** Every event so far, in the order recorded; the same array each time, grown by what happened since. */
  get events(): readonly TranscriptEvent[] {
    for (let k = this.built.length; k < this.count; k++) this.built.push(this.build(k));
    return this.built;
  }

  /**
   * The writer for one connection: its events carry `connection` (when given;
   * undefined gives the unnamed lane of a single-connection spec). Every lane
   * shares this transcript's clock and byte bound.
   */
  lane(connection: string | undefined): TranscriptWriter {
    if (connection === undefined) return this;
    let id = this.laneNames.indexOf(connection);
    if (id < 0) id = this.laneNames.push(connection) - 1;
    return {
      bytes: (type, chunk, tls) => this.record(type, chunk, tls === true, id),
      step: (index, kind, outcome, note) => this.recordStep(index, kind, outcome, note, id),
      event: (what, handshake) => this.recordEvent(what, handshake, id),
    };
  }

  bytes(type: 'sent' | 'received', chunk: Buffer, tls?: boolean): void {
    this.record(type, chunk, tls === true, 0);
  }

  step(index: number, kind: string, outcome: 'start' | 'pass' | 'fail', note?: string): void {
    this.recordStep(index, kind, outcome, note, 0);
  }

  event(what: string, handshake?: TlsHandshakeInfo): void {
    this.recordEvent(what, handshake, 0);
  }

  private record(type: 'sent' | 'received', chunk: Buffer, tls: boolean, lane: number): void {
    const keep = Math.max(0, Math.min(chunk.length, this.maxBytes - this.kept));
    this.kept += keep;
    this.dropped += chunk.length - keep;
    let start = -1;
    if (keep > 0) {
      // A copy (at most maxBytes in all): holding the chunk instead would keep
      // one buffer object per chunk alive, and all of a large chunk's memory.
      start = this.kept - keep;
      if (this.kept > this.keptBuffer.length) this.growKept();
      chunk.copy(this.keptBuffer, start, 0, keep);
    }
    this.push(
      (type === 'sent' ? Code.sent : Code.received) | (tls ? Code.tls : 0),
      chunk.length,
      start,
      keep,
      undefined,
      undefined,
      lane,
    );
  }

  private growKept(): void {
    const size = Math.min(this.maxBytes, Math.max(4096, this.keptBuffer.length * 2, this.kept));
    const grown = Buffer.allocUnsafe(size);
    // Events built so far keep their views of the old buffer, whose bytes never change.
    this.keptBuffer.copy(grown, 0, 0, this.kept);
    this.keptBuffer = grown;
  }

  private recordStep(
    index: number,
    kind: string,
    outcome: 'start' | 'pass' | 'fail',
    note: string | undefined,
    lane: number,
  ): void {
    this.push(Code.step | (OUTCOME_CODE[outcome] << OUTCOME_SHIFT), index, -1, 0, kind, note, lane);
  }

  private recordEvent(what: string, handshake: TlsHandshakeInfo | undefined, lane: number): void {
    this.push(Code.event, 0, -1, 0, what, handshake, lane);
  }

  private push(
    code: number,
    n: number,
    start: number,
    keep: number,
    ref: string | undefined,
    extra: string | TlsHandshakeInfo | undefined,
    lane: number,
  ): void {
    const k = this.count;
    if (k === this.codes.length) this.grow();
    this.codes[k] = code;
    this.times[k] = performance.now();
    this.numbers[k] = n;
    this.starts[k] = start;
    this.keptLengths[k] = keep;
    this.laneIds[k] = lane;
    this.refs.push(ref);
    this.extras.push(extra);
    this.count = k + 1;
  }

  private grow(): void {
    const size = this.codes.length * 2;
    this.codes = widened(this.codes, new Uint8Array(size));
    this.times = widened(this.times, new Float64Array(size));
    this.numbers = widened(this.numbers, new Float64Array(size));
    this.starts = widened(this.starts, new Float64Array(size));
    this.keptLengths = widened(this.keptLengths, new Float64Array(size));
    this.laneIds = widened(this.laneIds, new Uint16Array(size));
  }

  /** Event `k` as an object, with its fields in the order they always had. */
  private build(k: number): TranscriptEvent {
    const code = this.codes[k]!;
    const t = this.millis(this.times[k]!);
    const connection = this.laneNames[this.laneIds[k]!];
    const ref = this.refs[k];
    const extra = this.extras[k];
    let e: Mutable<TranscriptEvent>;
    switch (code & 3) {
      case Code.sent:
      case Code.received: {
        const size = this.numbers[k]!;
        const b: Mutable<TranscriptEvent & { type: 'sent' | 'received' }> = {
          t,
          type: (code & 3) === Code.sent ? 'sent' : 'received',
          bytes: this.keptOf(k),
          size,
        };
        if (code & Code.tls) b.tls = true;
        e = b;
        break;
      }
      case Code.step: {
        const s: Mutable<TranscriptEvent & { type: 'step' }> = {
          t,
          type: 'step',
          index: this.numbers[k]!,
          kind: ref as string,
          outcome: OUTCOMES[code >> OUTCOME_SHIFT]!,
        };
        if (extra !== undefined) s.note = extra as string;
        e = s;
        break;
      }
      default: {
        const ev: Mutable<TranscriptEvent & { type: 'event' }> = { t, type: 'event', what: ref as string };
        if (extra !== undefined) ev.handshake = extra as TlsHandshakeInfo;
        e = ev;
      }
    }
    if (connection !== undefined) e.connection = connection;
    return e;
  }

  /** The kept bytes of byte event `k`: all of them, or the part kept before the bound. */
  private keptOf(k: number): Buffer {
    const start = this.starts[k]!;
    return start < 0 ? NOTHING : this.keptBuffer.subarray(start, start + this.keptLengths[k]!);
  }
}

/** `into` (a larger column of the same type) holding `from`'s values at its start. */
function widened<T extends Uint8Array | Uint16Array | Float64Array>(from: T, into: T): T {
  into.set(from);
  return into;
}
