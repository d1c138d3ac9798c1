/**
 * Incoming bytes kept as the list of chunks they arrived in, with a running
 * byte count (as undici's websocket receiver does). Reading a span that lies
 * inside one chunk is a zero-copy `subarray`; only a span across chunk edges
 * is copied. Nothing is ever re-concatenated as a whole, so a stream that
 * arrives byte by byte costs the same as one that arrives in one piece. The
 * peer's matchers and the framing decoders both read through it.
 */
import type { ChunkSpan, StreamView } from './view';

const EMPTY = Buffer.alloc(0);

export class ChunkBuffer implements StreamView {
  private chunks: Buffer[] = [];
  /** Index of the first live chunk; dropped chunks are compacted away in batches, so a drop is O(1). */
  private first = 0;
  /** Offset of the first unread byte within `chunks[first]`. */
  private head = 0;
  private size = 0;
  /** Bytes consumed since the stream began: the absolute offset of the first unread byte. */
  private consumedTotal = 0;
  /** How many chunks at the end of `chunks` are views of memory the caller may reuse (see `retain`). */
  private borrowed = 0;
  /** The last view `peek` gave out, of `lastChunk` from `lastHead`: chunks never change, so it stays right. */
  private lastView: Buffer | undefined;
  private lastChunk: Buffer | undefined;
  private lastHead = 0;

  /** Unread bytes. */
  get length(): number {
    return this.size;
  }

  /** Absolute stream offset of the first unread byte. */
  get offset(): number {
    return this.consumedTotal;
  }

  /** Appends a chunk nobody will write to again (a socket read, a payload slice). */
  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  /** Appends a view of memory the caller may reuse once `retain()` has run. */
  pushBorrowed(chunk: Uint8Array): void {
    if (chunk.byteLength === 0) return;
    this.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    this.borrowed += 1;
  }

  /** Copies the unread part of every borrowed chunk, so its owner may reuse that memory. */
  retain(): void {
    for (let k = Math.max(this.first, this.chunks.length - this.borrowed); k < this.chunks.length; k++) {
      const start = k === this.first ? this.head : 0;
      this.chunks[k] = Buffer.from(this.chunks[k]!.subarray(start));
      if (k === this.first) this.head = 0;
    }
    this.borrowed = 0;
  }

  /**
   * The chunk index and the offset in it of unread position `pos` (0 ≤ pos <
   * length), found from the nearer end: decoders ask about the newest bytes,
   * so feeding a long line byte by byte stays linear.
   */
  private locate(pos: number): [number, number] {
    if (pos < this.size / 2) {
      let at = pos + this.head;
      let k = this.first;
      while (at >= this.chunks[k]!.length) at -= this.chunks[k++]!.length;
      return [k, at];
    }
    let fromEnd = this.size - pos;
    let k = this.chunks.length - 1;
    while (fromEnd > this.chunks[k]!.length) fromEnd -= this.chunks[k--]!.length;
    return [k, this.chunks[k]!.length - fromEnd];
  }

  /** The byte at unread position `i` (0 ≤ i < length). */
  byteAt(i: number): number {
    if (i < 0 || i >= this.size) throw new RangeError(`byteAt(${i}) past ${this.size} unread bytes`);
    // The front chunk answers most asks (a message's type byte) without locating.
    const first = this.chunks[this.first]!;
    if (this.head + i < first.length) return first[this.head + i]!;
    const [k, at] = this.locate(i);
    return this.chunks[k]![at]!;
  }

  /** Position of the first occurrence of `pattern` at or after unread position `from`, or -1; it may straddle chunks. */
  indexOfSequence(pattern: Uint8Array, from = 0): number {
    const first = pattern[0];
    if (first === undefined) return from <= this.size ? from : -1;
    for (
      let at = this.indexOf(first, from);
      at >= 0 && at + pattern.length <= this.size;
      at = this.indexOf(first, at + 1)
    ) {
      let k = 1;
      while (k < pattern.length && this.byteAt(at + k) === pattern[k]) k += 1;
      if (k === pattern.length) return at;
    }
    return -1;
  }

  /** Position of the first `byte` at or after unread position `from`, or -1. */
  indexOf(byte: number, from = 0): number {
    if (from >= this.size) return -1;
    let [k, skip] = this.locate(Math.max(0, from));
    let base = Math.max(0, from) - skip;
    for (; k < this.chunks.length; k++, skip = 0) {
      const c = this.chunks[k]!;
      const at = c.indexOf(byte, skip);
      if (at >= 0) return base + at;
      base += c.length;
    }
    return -1;
  }

  /** The first `n` unread bytes without consuming them (n is clamped to length). */
  peek(n: number): Buffer {
    n = Math.min(n, this.size);
    const first = this.chunks[this.first];
    if (!first || n === 0) return Buffer.alloc(0);
    if (this.head + n <= first.length) {
      // Several readers often ask for the same front (until's terminator, then each): one view serves them all.
      const v = this.lastView;
      if (v !== undefined && this.lastChunk === first && this.lastHead === this.head && v.length === n) return v;
      this.lastChunk = first;
      this.lastHead = this.head;
      return (this.lastView = first.subarray(this.head, this.head + n));
    }
    const out = Buffer.allocUnsafe(n);
    let written = 0;
    let start = this.head;
    for (let k = this.first; k < this.chunks.length; k++) {
      const c = this.chunks[k]!;
      const take = Math.min(c.length - start, n - written);
      c.copy(out, written, start, start + take);
      written += take;
      start = 0;
      if (written === n) break;
    }
    return out;
  }

  /** Fills `into` with the chunk that holds unread position `from`, read in place. */
  spanAt(from: number, into: ChunkSpan): ChunkSpan {
    if (from < 0 || from >= this.size) {
      into.chunk = EMPTY;
      into.start = 0;
      into.length = 0;
      return into;
    }
    // The front chunk answers most asks (the next message) without locating.
    let k = this.first;
    let at = this.head + from;
    if (at >= this.chunks[k]!.length) [k, at] = this.locate(from);
    const chunk = this.chunks[k]!;
    into.chunk = chunk;
    into.start = at;
    into.length = chunk.length - at;
    return into;
  }

  /** Removes and returns the first `n` unread bytes (a view when they lie in one chunk). */
  consume(n: number): Buffer {
    const out = this.peek(n);
    this.skip(out.length);
    return out;
  }

  /** Removes and returns the first `n` unread bytes as a fresh copy that owns its memory. */
  take(n: number): Buffer {
    const view = this.peek(n);
    const out = Buffer.from(view);
    this.skip(view.length);
    return out;
  }

  /** Drops the first `n` unread bytes. */
  skip(n: number): void {
    n = Math.min(n, this.size);
    this.size -= n;
    this.consumedTotal += n;
    while (n > 0) {
      const left = this.chunks[this.first]!.length - this.head;
      if (n < left) {
        this.head += n;
        return;
      }
      n -= left;
      // Let go of a consumed chunk at once: a bulk stream must not keep its last thousand chunks alive.
      this.chunks[this.first] = EMPTY;
      this.first += 1;
      this.head = 0;
      if (this.size === 0 && n === 0) {
        this.chunks = [];
        this.first = 0;
        this.borrowed = 0;
      } else if (this.first >= 1024 && this.first * 2 >= this.chunks.length) {
        this.chunks = this.chunks.slice(this.first);
        this.first = 0;
        this.borrowed = Math.min(this.borrowed, this.chunks.length);
      }
    }
  }

  /** Calls `fn` with each unread span in order, from unread position `from`, until it returns false. */
  forEachSpan(fn: (span: Buffer, position: number) => boolean, from = 0): void {
    let skip = from + this.head;
    let position = from;
    // Index loops, not a generator: this runs on every arrival and every step.
    for (let k = this.first; k < this.chunks.length; k++) {
      const c = this.chunks[k]!;
      if (skip >= c.length) {
        skip -= c.length;
        continue;
      }
      const span = c.subarray(skip);
      skip = 0;
      if (!fn(span, position)) return;
      position += span.length;
    }
  }
}
