/**
 * One error class per framing failure, members of tcpspec's one error family
 * (TcpspecError, src/errors.ts), each with a stable `code` to match on (the
 * undici way), the decoder state it happened in, and the messages that were
 * completed in the same `feed()` call before the failure, so nothing decoded
 * is lost when `feed()` throws.
 */
import { ErrorCode, TcpspecError } from '../errors';
import {
  frameTooLargeDetail,
  framingMessage,
  incompleteMessageDetail,
  messageTooLongDetail,
} from '../report/messages/framing-messages';

/** The states a decoder can be in; strings so an error prints `[await-body]`, not `[2]`. */
export const DecoderState = {
  awaitLine: 'await-line',
  awaitDelimiter: 'await-delimiter',
  awaitHeader: 'await-header',
  awaitBody: 'await-body',
} as const;
export type DecoderState = (typeof DecoderState)[keyof typeof DecoderState];

/** Base class of every error a framing decoder throws. */
export abstract class FramingError extends TcpspecError {
  /** The stream being decoded broke its framing: the thing under test is at fault. */
  readonly exitStatus = 1 as const;
  /** Messages completed in the failing `feed()` call before the error; empty for `end()`. */
  readonly decoded: readonly Uint8Array[];
  readonly state: DecoderState;

  protected constructor(message: string, state: DecoderState, decoded: readonly Uint8Array[]) {
    super(framingMessage(state, message));
    this.state = state;
    this.decoded = decoded;
  }
}

/** `end()` was called while a message was only partly received. */
export class IncompleteMessageError extends FramingError {
  readonly code = ErrorCode.IncompleteMessage;
  /** Bytes of the unfinished message that were buffered. */
  readonly pendingBytes: number;

  constructor(state: DecoderState, pendingBytes: number, detail: string) {
    super(incompleteMessageDetail(pendingBytes, detail), state, []);
    this.pendingBytes = pendingBytes;
  }
}

/** A line or delimited message grew past the configured maximum before its terminator arrived. */
export class MessageTooLongError extends FramingError {
  readonly code = ErrorCode.MessageTooLong;
  readonly limit: number;
  /** Bytes seen so far for the offending message (at least `limit + 1`, terminator excluded). */
  readonly length: number;

  constructor(state: DecoderState, limit: number, length: number, decoded: readonly Uint8Array[]) {
    super(messageTooLongDetail(limit, length), state, decoded);
    this.limit = limit;
    this.length = length;
  }
}

/** A length header announced a body larger than the configured maximum frame size. */
export class FrameTooLargeError extends FramingError {
  readonly code = ErrorCode.FrameTooLarge;
  readonly limit: number;
  /** The body length the header announced. */
  readonly announced: number;

  constructor(limit: number, announced: number, decoded: readonly Uint8Array[]) {
    super(frameTooLargeDetail(limit, announced), DecoderState.awaitHeader, decoded);
    this.limit = limit;
    this.announced = announced;
  }
}

/** A decoder was given options it cannot work with (an empty delimiter, a negative limit). */
export class DecoderConfigError extends TcpspecError {
  readonly code = ErrorCode.DecoderConfig;
  /** The caller's options are unusable: input, not the stream, is at fault. */
  readonly exitStatus = 2 as const;
}
