/**
 * What a reader of the incoming stream may do with the unread bytes: look at
 * them without copying where it can, and drop what it has matched. The
 * ChunkBuffer is one (dropping consumes for good); a Cursor is another
 * (dropping only moves its own position), so a reader can be tried on the
 * same bytes as others without taking them from them.
 */
export interface StreamView {
  /** Unread bytes. */
  readonly length: number;
  /** Absolute stream offset of the first unread byte. */
  readonly offset: number;
  /** The byte at unread position `i` (0 ≤ i < length). */
  byteAt(i: number): number;
  /** Position of the first `byte` at or after unread position `from`, or -1. */
  indexOf(byte: number, from?: number): number;
  /** The first `n` unread bytes without consuming them (n is clamped to length). */
  peek(n: number): Buffer;
  /** Drops the first `n` unread bytes. */
  skip(n: number): void;
  /**
   * The stored chunk that holds unread position `from`, to be read in place:
   * fills `into` with it, where that byte lies in it, and how many unread
   * bytes from there it holds (0 when `from` is past the unread bytes). Makes
   * no view, so a decoder judging message after message allocates nothing to
   * look at them.
   */
  spanAt(from: number, into: ChunkSpan): ChunkSpan;
  /** Calls `fn` with each unread span in order, from unread position `from`, until it returns false. */
  forEachSpan(fn: (span: Buffer, position: number) => boolean, from?: number): void;
}

/**
 * Unread bytes as they lie in a stored chunk: `chunk[start]` up to
 * `chunk[start + length - 1]`. The chunk is never written to again, but it
 * holds bytes before and after the span that are not the reader's to read.
 */
export interface ChunkSpan {
  chunk: Buffer;
  start: number;
  length: number;
}

/** An empty span for a reader to fill again and again with `spanAt`. */
export function emptySpan(): ChunkSpan {
  return { chunk: Buffer.alloc(0), start: 0, length: 0 };
}
