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
  /** Calls `fn` with each unread span in order, from unread position `from`, until it returns false. */
  forEachSpan(fn: (span: Buffer, position: number) => boolean, from?: number): void;
}
