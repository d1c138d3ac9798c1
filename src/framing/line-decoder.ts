import { DecoderState, MessageTooLongError, DecoderConfigError } from './errors';
import { QueueDecoder } from './queue-decoder';

export interface LineDecoderOptions {
  /** Remove the trailing `\n` or `\r\n` from each line (default true). */
  readonly stripLineEnding?: boolean;
  /**
   * Longest line accepted, in bytes, not counting its `\n` / `\r\n`
   * (default: unlimited). A longer line throws `MessageTooLongError` as soon
   * as it is certain, without waiting for its end.
   */
  readonly maxLineLength?: number;
}

const LF = 0x0a;
const CR = 0x0d;

/** Decodes `\n`-terminated lines (`\r\n` included); a final line without `\n` is incomplete. */
export class LineDecoder extends QueueDecoder {
  private readonly strip: boolean;
  private readonly maxLineLength: number;
  /** Bytes at the front of the queue already searched for `\n`, so no byte is scanned twice. */
  private scanned = 0;

  constructor(options: LineDecoderOptions = {}) {
    super();
    this.strip = options.stripLineEnding ?? true;
    this.maxLineLength = options.maxLineLength ?? Infinity;
    if (!(this.maxLineLength >= 0))
      throw new DecoderConfigError(`maxLineLength must be >= 0, got ${options.maxLineLength}`);
  }

  protected decode(out: Uint8Array[]): void {
    for (;;) {
      const newline = this.queue.indexOf(LF, this.scanned);
      if (newline === -1) {
        this.scanned = this.queue.length;
        const last = this.queue.length > 0 ? this.queue.byteAt(this.queue.length - 1) : -1;
        // A trailing \r may still become part of the line ending.
        const atLeast = last === CR ? this.queue.length - 1 : this.queue.length;
        if (atLeast > this.maxLineLength) {
          throw new MessageTooLongError(DecoderState.awaitLine, this.maxLineLength, atLeast, out);
        }
        return;
      }
      const hasCr = newline > 0 && this.queue.byteAt(newline - 1) === CR;
      const contentLength = hasCr ? newline - 1 : newline;
      if (contentLength > this.maxLineLength) {
        throw new MessageTooLongError(DecoderState.awaitLine, this.maxLineLength, contentLength, out);
      }
      if (this.strip) {
        out.push(this.queue.take(contentLength));
        this.queue.skip(newline + 1 - contentLength);
      } else {
        out.push(this.queue.take(newline + 1));
      }
      this.scanned = 0;
    }
  }

  protected state(): DecoderState {
    return DecoderState.awaitLine;
  }

  protected describePending(): string {
    return 'no "\\n" after them';
  }
}
