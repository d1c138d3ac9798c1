import { DecoderState, MessageTooLongError, DecoderConfigError } from './errors';
import { QueueDecoder } from './queue-decoder';
import { LineScan, lineContentLength } from '../stream/line-scan';

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

const CR = 0x0d;

/** Decodes `\n`-terminated lines (`\r\n` included); a final line without `\n` is incomplete. */
export class LineDecoder extends QueueDecoder {
  private readonly strip: boolean;
  private readonly maxLineLength: number;
  private readonly lines = new LineScan();

  constructor(options: LineDecoderOptions = {}) {
    super();
    this.strip = options.stripLineEnding ?? true;
    this.maxLineLength = options.maxLineLength ?? Infinity;
    if (!(this.maxLineLength >= 0))
      throw new DecoderConfigError(`maxLineLength must be >= 0, got ${options.maxLineLength}`);
  }

  protected decode(out: Uint8Array[]): void {
    for (;;) {
      const end = this.lines.next(this.queue);
      if (end === -1) {
        const last = this.queue.length > 0 ? this.queue.byteAt(this.queue.length - 1) : -1;
        // A trailing \r may still become part of the line ending.
        const atLeast = last === CR ? this.queue.length - 1 : this.queue.length;
        if (atLeast > this.maxLineLength) {
          throw new MessageTooLongError(DecoderState.awaitLine, this.maxLineLength, atLeast, out);
        }
        return;
      }
      const contentLength = lineContentLength(this.queue, end);
      if (contentLength > this.maxLineLength) {
        throw new MessageTooLongError(DecoderState.awaitLine, this.maxLineLength, contentLength, out);
      }
      if (this.strip) {
        out.push(this.queue.take(contentLength));
        this.queue.skip(end - contentLength);
      } else {
        out.push(this.queue.take(end));
      }
    }
  }

  protected state(): DecoderState {
    return DecoderState.awaitLine;
  }

  protected describePending(): string {
    return 'no "\\n" after them';
  }
}
