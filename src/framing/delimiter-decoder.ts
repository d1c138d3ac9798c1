import { DecoderConfigError, DecoderState, MessageTooLongError } from './errors';
import { QueueDecoder } from './queue-decoder';

export interface DelimiterDecoderOptions {
  /** Keep the delimiter at the end of each message (default false). */
  readonly keepDelimiter?: boolean;
  /** Longest message accepted, in bytes, delimiter excluded (default: unlimited). */
  readonly maxMessageLength?: number;
}

/** Decodes messages ended by an arbitrary delimiter of one or more bytes, which may arrive split across chunks. */
export class DelimiterDecoder extends QueueDecoder {
  private readonly delimiter: Uint8Array;
  private readonly keepDelimiter: boolean;
  private readonly maxMessageLength: number;
  private scanned = 0;

  /** `delimiter` as text is taken as its UTF-8 bytes. */
  constructor(delimiter: Uint8Array | string, options: DelimiterDecoderOptions = {}) {
    super();
    this.delimiter = typeof delimiter === 'string' ? new TextEncoder().encode(delimiter) : delimiter.slice();
    if (this.delimiter.byteLength === 0) throw new DecoderConfigError('the delimiter must have at least one byte');
    this.keepDelimiter = options.keepDelimiter ?? false;
    this.maxMessageLength = options.maxMessageLength ?? Infinity;
    if (!(this.maxMessageLength >= 0)) {
      throw new DecoderConfigError(`maxMessageLength must be >= 0, got ${options.maxMessageLength}`);
    }
  }

  protected decode(out: Uint8Array[]): void {
    const width = this.delimiter.byteLength;
    for (;;) {
      // Re-check the last width-1 bytes: they may be the start of a delimiter split across chunks.
      const from = Math.max(0, this.scanned - (width - 1));
      const at = this.queue.indexOfSequence(this.delimiter, from);
      if (at === -1) {
        this.scanned = this.queue.length;
        const atLeast = this.queue.length - (width - 1);
        if (atLeast > this.maxMessageLength) {
          throw new MessageTooLongError(DecoderState.awaitDelimiter, this.maxMessageLength, atLeast, out);
        }
        return;
      }
      if (at > this.maxMessageLength) {
        throw new MessageTooLongError(DecoderState.awaitDelimiter, this.maxMessageLength, at, out);
      }
      if (this.keepDelimiter) {
        out.push(this.queue.take(at + width));
      } else {
        out.push(this.queue.take(at));
        this.queue.skip(width);
      }
      this.scanned = 0;
    }
  }

  protected state(): DecoderState {
    return DecoderState.awaitDelimiter;
  }

  protected describePending(): string {
    return `no delimiter (${this.delimiter.byteLength} byte(s)) after them`;
  }
}
