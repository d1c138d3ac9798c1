/**
 * Incoming bytes kept as the list of chunks they arrived in, with a running
 * byte count. Reading a span that lies inside one chunk is a zero-copy
 * `subarray`; only a span across chunk edges is copied. Nothing is ever
 * re-concatenated as a whole, so a stream that arrives byte by byte costs the
 * same as one that arrives in one piece.
 */
const EMPTY = Buffer.alloc(0);

export class ChunkBuffer {
  private chunks: Buffer[] = [];
  /** Index of the first live chunk; dropped chunks are compacted away in batches, so a drop is O(1). */
  private first = 0;
  /** Offset of the first unread byte within `chunks[first]`. */
  private head = 0;
  private size = 0;
  /** Bytes consumed since the stream began: the absolute offset of the first unread byte. */
  private consumedTotal = 0;

  /** Unread bytes. */
  get length(): number {
    return this.size;
  }

  /** Absolute stream offset of the first unread byte. */
  get offset(): number {
    return this.consumedTotal;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  /** The byte at unread position `i` (0 ≤ i < length). */
  byteAt(i: number): number {
    let pos = i + this.head;
    for (let k = this.first; k < this.chunks.length; k++) {
      const c = this.chunks[k]!;
      if (pos < c.length) return c[pos]!;
      pos -= c.length;
    }
    throw new RangeError(`byteAt(${i}) past ${this.size} unread bytes`);
  }

  /** Position of the first `byte` at or after unread position `from`, or -1. */
  indexOf(byte: number, from = 0): number {
    let skip = from + this.head;
    let base = -this.head;
    for (let k = this.first; k < this.chunks.length; k++) {
      const c = this.chunks[k]!;
      if (skip < c.length) {
        const at = c.indexOf(byte, skip);
        if (at >= 0) return base + at;
        skip = 0;
      } else {
        skip -= c.length;
      }
      base += c.length;
    }
    return -1;
  }

  /** The first `n` unread bytes without consuming them (n is clamped to length). */
  peek(n: number): Buffer {
    n = Math.min(n, this.size);
    const first = this.chunks[this.first];
    if (!first || n === 0) return Buffer.alloc(0);
    if (this.head + n <= first.length) return first.subarray(this.head, this.head + n);
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

  /** Removes and returns the first `n` unread bytes. */
  consume(n: number): Buffer {
    const out = this.peek(n);
    this.skip(out.length);
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
      } else if (this.first >= 1024 && this.first * 2 >= this.chunks.length) {
        this.chunks = this.chunks.slice(this.first);
        this.first = 0;
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
