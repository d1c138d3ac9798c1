/**
 * A non-consuming reader over another view: it sees the same unread bytes,
 * but its `skip` only moves its own position, so several readers can judge
 * the same bytes and the one that wins consumes them afterwards (`any:`).
 * It sees at most `limit` bytes from where it began, so what it holds
 * undecided is bounded, and `truncated` says when there is more than that.
 */
import type { ChunkSpan, StreamView } from './view';

export class Cursor implements StreamView {
  private pos = 0;

  /** The source's unread bytes must not be consumed by anyone else while the cursor is in use. */
  constructor(
    private readonly source: StreamView,
    private readonly limit: number = Infinity,
  ) {}

  /** Whether it reads `view`. */
  reads(view: StreamView): boolean {
    return this.source === view;
  }

  /** Looks again from the source's front, once the source has consumed what this cursor read. */
  restart(): void {
    this.pos = 0;
  }

  /** Bytes skipped through this cursor: what its reader has consumed. */
  get consumed(): number {
    return this.pos;
  }

  /** More bytes have arrived than the cursor may show. */
  get truncated(): boolean {
    return this.source.length > this.limit;
  }

  private get visible(): number {
    return Math.min(this.source.length, this.limit);
  }

  get length(): number {
    return this.visible - this.pos;
  }

  get offset(): number {
    return this.source.offset + this.pos;
  }

  byteAt(i: number): number {
    if (i < 0 || i >= this.length) throw new RangeError(`byteAt(${i}) past ${this.length} unread bytes`);
    return this.source.byteAt(this.pos + i);
  }

  indexOf(byte: number, from = 0): number {
    const at = this.source.indexOf(byte, this.pos + Math.max(0, from));
    return at < 0 || at >= this.visible ? -1 : at - this.pos;
  }

  peek(n: number): Buffer {
    n = Math.max(0, Math.min(n, this.length));
    // Nothing skipped yet (a fresh try of a message): the source's own peek, a view where it can be.
    if (this.pos === 0) return this.source.peek(n);
    const parts: Buffer[] = [];
    let got = 0;
    this.forEachSpan((span) => {
      const take = Math.min(span.length, n - got);
      parts.push(span.subarray(0, take));
      got += take;
      return got < n;
    });
    if (parts.length === 1) return parts[0]!;
    return Buffer.concat(parts, got);
  }

  spanAt(from: number, into: ChunkSpan): ChunkSpan {
    const shown = this.length - from;
    // Outside what the cursor shows: asked of the source past its unread bytes, which fills an empty span.
    if (from < 0 || shown <= 0) return this.source.spanAt(this.source.length, into);
    this.source.spanAt(this.pos + from, into);
    // The chunk may hold bytes past the cursor's limit, which it must not show.
    if (into.length > shown) into.length = shown;
    return into;
  }

  skip(n: number): void {
    this.pos += Math.max(0, Math.min(n, this.length));
  }

  forEachSpan(fn: (span: Buffer, position: number) => boolean, from = 0): void {
    const end = this.visible;
    if (this.pos + from >= end) return;
    this.source.forEachSpan((span, position) => {
      const clipped = position + span.length > end ? span.subarray(0, end - position) : span;
      if (!fn(clipped, position - this.pos)) return false;
      return position + span.length < end;
    }, this.pos + from);
  }
}
