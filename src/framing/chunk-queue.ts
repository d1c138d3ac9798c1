/**
 * The bytes a decoder has received but not yet turned into messages, kept as
 * the list of chunks they arrived in plus a byte count (as undici's websocket
 * receiver does). Nothing is concatenated on arrival: bytes are copied once,
 * when a message is taken out, and a chunk the caller still owns is copied
 * only if part of it has to outlive the `feed()` call.
 */
export class ChunkQueue {
  private chunks: Uint8Array[] = [];
  /** Index in `chunks` of the first chunk with unread bytes (dropped lazily, so no `shift()`). */
  private first = 0;
  /** Offset of the first unread byte inside `chunks[first]`. */
  private head = 0;
  private size = 0;
  /** How many chunks at the end of `chunks` are views of caller memory. */
  private borrowed = 0;

  /** Number of unread bytes. */
  get length(): number {
    return this.size;
  }

  /** Appends a view of `chunk` (not copied yet; see `retain`). */
  push(chunk: Uint8Array): void {
    if (chunk.byteLength === 0) return;
    this.chunks.push(chunk);
    this.borrowed += 1;
    this.size += chunk.byteLength;
  }

  /**
   * Copies the unread part of every chunk still borrowed from the caller, so
   * the caller may reuse that memory. Call before returning from `feed()`.
   */
  retain(): void {
    for (let i = Math.max(this.first, this.chunks.length - this.borrowed); i < this.chunks.length; i++) {
      const start = i === this.first ? this.head : 0;
      this.chunks[i] = this.chunks[i]!.slice(start);
      if (i === this.first) this.head = 0;
    }
    this.borrowed = 0;
  }

  /** The unread byte at `index` (0 = next unread byte). */
  byteAt(index: number): number {
    if (index < 0 || index >= this.size) throw new RangeError(`byte ${index} requested, ${this.size} buffered`);
    const [chunkIndex, offset] = this.locate(index);
    return this.chunks[chunkIndex]![offset]!;
  }

  /**
   * Chunk index and offset of unread byte `index` (which must be < length).
   * Walks from whichever end is nearer: decoders mostly ask about the newest
   * bytes, so feeding a long message byte by byte stays linear overall.
   */
  private locate(index: number): [number, number] {
    if (index < this.size / 2) {
      let offset = index + this.head;
      let i = this.first;
      while (offset >= this.chunks[i]!.byteLength) {
        offset -= this.chunks[i]!.byteLength;
        i += 1;
      }
      return [i, offset];
    }
    let fromEnd = this.size - index;
    let i = this.chunks.length - 1;
    while (fromEnd > this.chunks[i]!.byteLength) {
      fromEnd -= this.chunks[i]!.byteLength;
      i -= 1;
    }
    return [i, this.chunks[i]!.byteLength - fromEnd];
  }

  /**
   * Position of the first occurrence of `pattern` among the unread bytes at or
   * after `from`, or -1. Matches may straddle chunk edges.
   */
  indexOf(pattern: Uint8Array, from = 0): number {
    const first = pattern[0];
    if (first === undefined) return from <= this.size ? from : -1;
    if (from >= this.size) return -1;
    let [chunkIndex, offset] = this.locate(from);
    let position = from;
    for (; chunkIndex < this.chunks.length; chunkIndex++, offset = 0) {
      const chunk = this.chunks[chunkIndex]!;
      while (offset < chunk.byteLength) {
        const hit = chunk.indexOf(first, offset);
        if (hit === -1) {
          position += chunk.byteLength - offset;
          break;
        }
        position += hit - offset;
        if (position + pattern.byteLength > this.size) return -1;
        if (this.matchesAt(chunkIndex, hit, pattern)) return position;
        position += 1;
        offset = hit + 1;
      }
    }
    return -1;
  }

  /** Copies the first `n` unread bytes without consuming them. */
  peek(n: number): Uint8Array {
    return this.copyOut(n, false);
  }

  /** Removes the first `n` unread bytes and returns them as a fresh copy. */
  take(n: number): Uint8Array {
    return this.copyOut(n, true);
  }

  /** Removes the first `n` unread bytes without copying them. */
  skip(n: number): void {
    this.advance(n);
  }

  private matchesAt(chunkIndex: number, offset: number, pattern: Uint8Array): boolean {
    let chunk = this.chunks[chunkIndex]!;
    for (let i = 0; i < pattern.byteLength; i++, offset++) {
      while (offset >= chunk.byteLength) {
        chunkIndex += 1;
        offset = 0;
        const next = this.chunks[chunkIndex];
        if (next === undefined) return false;
        chunk = next;
      }
      if (chunk[offset] !== pattern[i]) return false;
    }
    return true;
  }

  private copyOut(n: number, consume: boolean): Uint8Array {
    if (n > this.size) throw new RangeError(`${n} byte(s) requested, ${this.size} buffered`);
    const out = new Uint8Array(n);
    let written = 0;
    let offset = this.head;
    for (let i = this.first; written < n; i++, offset = 0) {
      const chunk = this.chunks[i]!;
      const count = Math.min(n - written, chunk.byteLength - offset);
      out.set(chunk.subarray(offset, offset + count), written);
      written += count;
    }
    if (consume) this.advance(n);
    return out;
  }

  private advance(n: number): void {
    if (n > this.size) throw new RangeError(`${n} byte(s) to skip, ${this.size} buffered`);
    this.size -= n;
    let remaining = n;
    while (remaining > 0) {
      const chunk = this.chunks[this.first]!;
      const left = chunk.byteLength - this.head;
      if (remaining < left) {
        this.head += remaining;
        break;
      }
      remaining -= left;
      this.first += 1;
      this.head = 0;
    }
    this.compact();
  }

  /** Drops consumed chunks from the list once they make up half of it, keeping removal amortised O(1). */
  private compact(): void {
    if (this.first === this.chunks.length) {
      this.chunks = [];
      this.first = 0;
      this.borrowed = 0;
    } else if (this.first > 32 && this.first * 2 > this.chunks.length) {
      this.chunks = this.chunks.slice(this.first);
      this.first = 0;
      this.borrowed = Math.min(this.borrowed, this.chunks.length);
    }
  }
}
