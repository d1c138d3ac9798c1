/**
 * Finding complete `\n`-terminated lines in a stream that arrives in pieces,
 * without searching any byte twice: the one line scan the framing
 * LineDecoder and the line matchers share.
 */
import type { StreamView } from './view';

const LF = 0x0a;
const CR = 0x0d;

export class LineScan {
  /** Unread bytes already searched for `\n`. */
  private scanned = 0;

  /**
   * The length of the next complete line, `\n` included, or -1 when its end
   * has not arrived. After a line is found the search starts over, so the
   * caller consumes the line (or looks at the same bytes again) before asking.
   */
  next(view: StreamView): number {
    const at = view.indexOf(LF, this.scanned);
    if (at < 0) {
      this.scanned = view.length;
      return -1;
    }
    this.scanned = 0;
    return at + 1;
  }
}

/** The length of a line's content without its `\n` or `\r\n`, for a line of `end` bytes ending in `\n`. */
export function lineContentLength(view: StreamView, end: number): number {
  return end >= 2 && view.byteAt(end - 2) === CR ? end - 2 : end - 1;
}

/** A line without its `\n` or `\r\n`. */
export function stripLineEnding(line: Buffer): Buffer {
  let end = line.length;
  if (end > 0 && line[end - 1] === LF) end -= 1;
  if (end > 0 && line[end - 1] === CR) end -= 1;
  return line.subarray(0, end);
}
