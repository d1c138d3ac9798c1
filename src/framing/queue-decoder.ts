import { ChunkBuffer } from '../stream/chunk-buffer';
import type { Decoder } from './decoder';
import { FramingError, IncompleteMessageError } from './errors';
import type { DecoderState } from './errors';

/**
 * Shared plumbing of the decoders: buffering in a `ChunkBuffer`, copying what
 * must outlive `feed()`, and staying failed after a `FramingError` (every later
 * call rethrows it, since the stream position is lost).
 */
export abstract class QueueDecoder implements Decoder {
  protected readonly queue = new ChunkBuffer();
  private failure: FramingError | undefined;

  feed(chunk: Uint8Array): Uint8Array[] {
    if (this.failure) throw this.failure;
    this.queue.pushBorrowed(chunk);
    const out: Uint8Array[] = [];
    try {
      this.decode(out);
    } catch (error) {
      if (error instanceof FramingError) this.failure = error;
      throw error;
    } finally {
      this.queue.retain();
    }
    return out;
  }

  end(): void {
    if (this.failure) throw this.failure;
    if (this.queue.length > 0) {
      throw new IncompleteMessageError(this.state(), this.queue.length, this.describePending());
    }
  }

  /** Moves every complete message out of `queue` into `out`; throws a `FramingError` built with `out`. */
  protected abstract decode(out: Uint8Array[]): void;
  protected abstract state(): DecoderState;
  /** Says what the buffered bytes still lack, for `IncompleteMessageError`. */
  protected abstract describePending(): string;
}
