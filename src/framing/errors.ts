/**
 * One error class per framing failure, each with a stable `code` to match on
 * (the undici way), the decoder state it happened in, and the messages that
 * were completed in the same `feed()` call before the failure, so nothing
 * decoded is lost when `feed()` throws.
 */

/** The states a decoder can be in; strings so an error prints `[await-body]`, not `[2]`. */
export const DecoderState = {
  awaitLine: 'await-line',
  awaitDelimiter: 'await-delimiter',
  awaitHeader: 'await-header',
  awaitBody: 'await-body',
} as const;
export type DecoderState = (typeof DecoderState)[keyof typeof DecoderState];

/** Base class of every error a framing decoder throws. */
export abstract class FramingError extends Error {
  abstract readonly code: string;
  /** Messages completed in the failing `feed()` call before the error; empty for `end()`. */
  readonly decoded: readonly Uint8Array[];
  readonly state: DecoderState;

  protected constructor(message: string, state: DecoderState, decoded: readonly Uint8Array[]) {
    super(`[${state}] ${message}`);
    this.name = new.target.name;
    this.state = state;
    this.decoded = decoded;
  }
}

/** `end()` was called while a message was only partly received. */
export class IncompleteMessageError extends FramingError {
  readonly code = 'ERR_INCOMPLETE_MESSAGE';
  /** Bytes of the unfinished message that were buffered. */
  readonly pendingBytes: number;

  constructor(state: DecoderState, pendingBytes: number, detail: string) {
    super(`stream ended inside a message: ${pendingBytes} byte(s) buffered, ${detail}`, state, []);
    this.pendingBytes = pendingBytes;
  }
}

/** A line or delimited message grew past the configured maximum before its terminator arrived. */
export class MessageTooLongError extends FramingError {
  readonly code = 'ERR_MESSAGE_TOO_LONG';
  readonly limit: number;
  /** Bytes seen so far for the offending message (at least `limit + 1`, terminator excluded). */
  readonly length: number;

  constructor(state: DecoderState, limit: number, length: number, decoded: readonly Uint8Array[]) {
    super(
      `message longer than the limit of ${limit} byte(s) (at least ${length} byte(s) without a terminator)`,
      state,
      decoded,
    );
    this.limit = limit;
    this.length = length;
  }
}

/** A length header announced a body larger than the configured maximum frame size. */
export class FrameTooLargeError extends FramingError {
  readonly code = 'ERR_FRAME_TOO_LARGE';
  readonly limit: number;
  /** The body length the header announced. */
  readonly announced: number;

  constructor(limit: number, announced: number, decoded: readonly Uint8Array[]) {
    super(
      `length header announces ${announced} byte(s), more than the limit of ${limit}`,
      DecoderState.awaitHeader,
      decoded,
    );
    this.limit = limit;
    this.announced = announced;
  }
}

/** A decoder was given options it cannot work with (an empty delimiter, a negative limit). */
export class DecoderConfigError extends Error {
  readonly code = 'ERR_DECODER_CONFIG';
  constructor(message: string) {
    super(message);
    this.name = 'DecoderConfigError';
  }
}
