/**
 * What a failure is made of, for machine reports: the step, what was
 * expected, and the bytes that arrived instead. The error's message already
 * says all of this for people; this is the same information with each part in
 * its own field, read through the one interface every error has
 * (`failedStep`, `involved`).
 */
import type { FieldMark, StepRef, TcpspecError } from '../errors';
import { hexPairs, quoteBytes } from '../bytes';
import { unquoteBytes } from './expected-bytes';

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

/**
 * A span of the received bytes a failure points at, such as the field of a
 * binary structure that did not match: `start` and `end` count from the
 * first byte of `received` (end exclusive), `label` names it.
 */
export type MarkedRange = FieldMark;

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
  /** The bytes expected, when the step expected literal bytes (not a pattern or a length). */
  readonly expectedBytes?: ReportedBytes;
  /** Where `received` starts in its connection's stream of received bytes. */
  readonly receivedAt?: number;
  /** The first byte of `received` that differs from what was expected, counted from its start. */
  readonly firstDifference?: number;
  /** The same byte's place in the expected bytes (`expectedBytes`), counted from their start. */
  readonly expectedDifference?: number;
  /** The part of `received` that did not match, when the matcher names one (a struct field). */
  readonly field?: MarkedRange;
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

/** Expected bytes read back from their quote: as many as it showed, counting those it left out. */
function expectedReport(bytes: Uint8Array, more: number): ReportedBytes {
  const shown = reportBytes(bytes);
  return more > 0 ? { ...shown, size: shown.size + more, truncated: true } : shown;
}

/** The parts of `err` a report shows in separate fields. */
export function failureDetail(err: TcpspecError): FailureDetail {
  const base = { code: err.code, type: err.name, message: err.message };
  const step = err.failedStep;
  if (!step) return base;
  const withStep = { ...base, step };
  const involved = err.involved;
  if (!involved) return withStep;
  const { expected, received, receivedAt, difference, field } = involved;
  const expectedBytes = involved.compared ? unquoteBytes(expected) : undefined;
  return {
    ...withStep,
    expected,
    received: reportBytes(received),
    ...(expectedBytes ? { expectedBytes: expectedReport(expectedBytes.bytes, expectedBytes.more) } : {}),
    ...(receivedAt !== undefined ? { receivedAt } : {}),
    ...(difference ? { firstDifference: difference.received, expectedDifference: difference.expected } : {}),
    ...(field ? { field } : {}),
  };
}
