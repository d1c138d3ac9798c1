/**
 * What a failure is made of, pulled out of the typed errors for machine
 * reports: the step, what was expected, and the bytes that arrived instead.
 * The error's message already says all of this for people; this is the same
 * information with each part in its own field.
 */
import {
  BufferLimitError,
  StepError,
  StepMismatchError,
  StepTimeoutError,
  UnexpectedDataError,
  UnexpectedEofError,
} from '../errors';
import type { FieldMark, StepRef, TcpspecError } from '../errors';
import { hexPairs, quoteBytes } from '../bytes';

/** Bytes shown in machine reports are cut here; `size` still counts them all. */
export const REPORTED_BYTES_LIMIT = 64 * 1024;

export interface ReportedBytes {
  /** How many bytes there were. */
  readonly size: number;
  /** Escaped text: `"+PONG\r\n"`, control and non-ASCII bytes as `\xNN`; only printable ASCII. */
  readonly text: string;
  /** Space-separated hex pairs: `2b 50 4f 4e 47 0d 0a`. */
  readonly hex: string;
  /** True when `text` and `hex` stop short of `size`. */
  readonly truncated: boolean;
}

export interface FailureDetail {
  /** The stable error code, e.g. `TCPSPEC_STEP_MISMATCH`. */
  readonly code: string;
  /** The error class, e.g. `StepMismatchError`. */
  readonly type: string;
  /** The whole message as the human report prints it. */
  readonly message: string;
  readonly step?: StepRef;
  /** What the step waited for, in words or as quoted bytes. */
  readonly expected?: string;
  /** What arrived instead (mismatch) or what was left unread (timeout, end of stream). */
  readonly received?: ReportedBytes;
  /** The `struct` field that differs, as offsets in `received`, when a struct decided. */
  readonly field?: FieldMark;
}

export function reportBytes(bytes: Uint8Array): ReportedBytes {
  const shown = bytes.subarray(0, REPORTED_BYTES_LIMIT);
  return {
    size: bytes.length,
    // quoteBytes escapes every byte outside printable ASCII, so the text is safe in XML and JSON alike.
    text: quoteBytes(shown, shown.length),
    hex: hexPairs(shown),
    truncated: bytes.length > shown.length,
  };
}

/** The parts of `err` a report shows in separate fields. */
export function failureDetail(err: TcpspecError): FailureDetail {
  const base = { code: err.code, type: err.name, message: err.message };
  if (!(err instanceof StepError)) return base;
  const withStep = { ...base, step: err.step };
  if (err instanceof StepMismatchError)
    return {
      ...withStep,
      expected: err.expected,
      received: reportBytes(err.received),
      ...(err.field ? { field: err.field } : {}),
    };
  if (err instanceof StepTimeoutError)
    return { ...withStep, expected: err.awaiting, received: reportBytes(err.pending) };
  if (err instanceof UnexpectedEofError)
    return { ...withStep, expected: err.awaiting, received: reportBytes(err.pending) };
  if (err instanceof UnexpectedDataError)
    return { ...withStep, expected: 'silence', received: reportBytes(err.received) };
  if (err instanceof BufferLimitError) return { ...withStep, expected: err.awaiting, received: reportBytes(err.head) };
  return withStep;
}
