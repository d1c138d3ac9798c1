/**
 * What can go wrong at a step while the peer plays a spec: the bytes differ,
 * never come, or stop coming; the connection breaks; a send cannot finish; a
 * variable has no value yet. Each carries the step and the bytes involved;
 * the words are in src/report/messages/step-messages.ts.
 */
import { ErrorCode, StepError } from '../errors';
import type { CauseOption, FieldMark, InvolvedBytes, StepRef } from '../errors';
import {
  bufferLimitDetail,
  eofDetail,
  mismatchDetail,
  resetDetail,
  stalledDetail,
  timeoutDetail,
  unboundVariableDetail,
  unexpectedDataDetail,
} from '../report/messages/step-messages';
import { stepMessage } from '../report/messages/where';

/** The bytes that arrived differ from what the step expects. */
export class StepMismatchError extends StepError {
  readonly code = ErrorCode.StepMismatch;
  /** What was expected, in words or as quoted bytes. */
  readonly expected: string;
  readonly received: Uint8Array;
  /** Offset of the first differing byte within the expected bytes, when the comparison is bytewise. */
  readonly offset: number | undefined;
  /** Absolute stream offset of `received[0]`. */
  readonly streamOffset: number;
  readonly reason: string | undefined;
  /** The field of a `struct` that differs, when a struct decided. */
  readonly field: FieldMark | undefined;
  constructor(options: {
    readonly step: StepRef;
    readonly expected: string;
    readonly received: Uint8Array;
    readonly offset?: number;
    readonly streamOffset: number;
    readonly reason?: string;
    readonly field?: FieldMark;
  }) {
    const detail = mismatchDetail(options);
    super(options.step, detail, stepMessage(options.step, detail));
    this.expected = options.expected;
    this.received = options.received;
    this.offset = options.offset;
    this.streamOffset = options.streamOffset;
    this.reason = options.reason;
    this.field = options.field;
  }
  override get involved(): InvolvedBytes {
    const difference = this.differenceIndex();
    return {
      expected: this.expected,
      received: this.received,
      compared: true,
      receivedAt: this.streamOffset,
      ...(difference !== undefined ? { difference: { received: difference, expected: this.offset! } } : {}),
      ...(this.field ? { field: this.field } : {}),
    };
  }
  /**
   * The index in `received` of the first differing byte. `offset` counts from
   * the start of the expected bytes; when the first bytes matched at length,
   * `received` starts later ("shown from byte N") and the index moves with it.
   */
  private differenceIndex(): number | undefined {
    if (this.offset === undefined) return undefined;
    const shownFrom = /shown from byte (\d+)/.exec(this.reason ?? '');
    const index = this.offset - (shownFrom ? Number(shownFrom[1]) : 0);
    return index >= 0 && index <= this.received.length ? index : undefined;
  }
}

/** A step waited its whole timeout. */
export class StepTimeoutError extends StepError {
  readonly code = ErrorCode.StepTimeout;
  readonly waitedMs: number;
  /** What the step was waiting for, in words. */
  readonly awaiting: string;
  /** The unread bytes at the time of the timeout. */
  readonly pending: Uint8Array;
  readonly streamOffset: number;
  constructor(options: {
    readonly step: StepRef;
    readonly waitedMs: number;
    readonly awaiting: string;
    readonly pending: Uint8Array;
    readonly streamOffset: number;
  }) {
    const detail = timeoutDetail(options);
    super(options.step, detail, stepMessage(options.step, detail));
    this.waitedMs = options.waitedMs;
    this.awaiting = options.awaiting;
    this.pending = options.pending;
    this.streamOffset = options.streamOffset;
  }
  override get involved(): InvolvedBytes {
    return { expected: this.awaiting, received: this.pending, compared: false, receivedAt: this.streamOffset };
  }
}

/** The other side reset the connection. */
export class ConnectionResetError extends StepError {
  readonly code = ErrorCode.ConnectionReset;
  readonly bytesReceived: number;
  readonly bytesSent: number;
  /** The socket error code: ECONNRESET, EPIPE, ETIMEDOUT, … */
  readonly reason: string;
  /** How much we had sent when the other side's FIN arrived, if it did. */
  readonly sentAtTheirFin: number | undefined;
  constructor(
    options: {
      readonly step: StepRef;
      readonly bytesReceived: number;
      readonly bytesSent: number;
      readonly reason: string;
      readonly sentAtTheirFin?: number;
    } & CauseOption,
  ) {
    const detail = resetDetail(options);
    super(options.step, detail, stepMessage(options.step, detail), options);
    this.bytesReceived = options.bytesReceived;
    this.bytesSent = options.bytesSent;
    this.reason = options.reason;
    this.sentAtTheirFin = options.sentAtTheirFin;
  }
}

/** A send could not finish because the other side stopped reading. */
export class SendStalledError extends StepError {
  readonly code = ErrorCode.SendStalled;
  readonly waitedMs: number;
  readonly written: number;
  readonly total: number;
  constructor(options: {
    readonly step: StepRef;
    readonly waitedMs: number;
    readonly written: number;
    readonly total: number;
  }) {
    const detail = stalledDetail(options);
    super(options.step, detail, stepMessage(options.step, detail));
    this.waitedMs = options.waitedMs;
    this.written = options.written;
    this.total = options.total;
  }
}

/** The other side closed its sending direction while the step still expected bytes. */
export class UnexpectedEofError extends StepError {
  readonly code = ErrorCode.UnexpectedEof;
  readonly awaiting: string;
  readonly bytesReceived: number;
  readonly pending: Uint8Array;
  readonly streamOffset: number;
  constructor(options: {
    readonly step: StepRef;
    readonly awaiting: string;
    readonly bytesReceived: number;
    readonly pending: Uint8Array;
    readonly streamOffset: number;
  }) {
    const detail = eofDetail(options);
    super(options.step, detail, stepMessage(options.step, detail));
    this.awaiting = options.awaiting;
    this.bytesReceived = options.bytesReceived;
    this.pending = options.pending;
    this.streamOffset = options.streamOffset;
  }
  override get involved(): InvolvedBytes {
    return { expected: this.awaiting, received: this.pending, compared: false };
  }
}

/** Bytes arrived during a `silence` step. */
export class UnexpectedDataError extends StepError {
  readonly code = ErrorCode.UnexpectedData;
  readonly afterMs: number;
  readonly received: Uint8Array;
  readonly streamOffset: number;
  constructor(options: {
    readonly step: StepRef;
    readonly afterMs: number;
    readonly received: Uint8Array;
    readonly streamOffset: number;
  }) {
    const detail = unexpectedDataDetail(options);
    super(options.step, detail, stepMessage(options.step, detail));
    this.afterMs = options.afterMs;
    this.received = options.received;
    this.streamOffset = options.streamOffset;
  }
  override get involved(): InvolvedBytes {
    return { expected: 'silence', received: this.received, compared: false };
  }
}

/** The other side sent more than an expectation may hold in memory. */
export class BufferLimitError extends StepError {
  readonly code = ErrorCode.BufferLimit;
  readonly limit: number;
  readonly awaiting: string;
  /** The first bytes of what was held. */
  readonly head: Uint8Array;
  readonly streamOffset: number;
  constructor(options: {
    readonly step: StepRef;
    readonly limit: number;
    readonly awaiting: string;
    readonly head: Uint8Array;
    readonly streamOffset: number;
  }) {
    const detail = bufferLimitDetail(options);
    super(options.step, detail, stepMessage(options.step, detail));
    this.limit = options.limit;
    this.awaiting = options.awaiting;
    this.head = options.head;
    this.streamOffset = options.streamOffset;
  }
  override get involved(): InvolvedBytes {
    return { expected: this.awaiting, received: this.head, compared: false };
  }
}

/** A step reads a variable that no earlier step has captured in this run. */
export class UnboundVariableError extends StepError {
  readonly code = ErrorCode.UnboundVariable;
  constructor(
    step: StepRef,
    readonly variable: string,
  ) {
    const detail = unboundVariableDetail(variable);
    super(step, detail, stepMessage(step, detail));
  }
}
