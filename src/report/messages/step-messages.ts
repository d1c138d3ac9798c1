/**
 * What went wrong at a step, in words, from the fields of the peer's step
 * errors (src/peer/step-errors.ts, src/peer/transport/tls-errors.ts,
 * src/struct/value-error.ts). Each returns the part after `FILE:LINE step N (kind): `.
 */
import { QUOTE_LIMIT, formatSize, hexDump, indent, isPrintable, quoteBytes } from '../../bytes';
import type { FieldMark } from '../../errors';
import { describeReceived } from './received';

export interface MismatchFields {
  readonly expected: string;
  readonly received: Uint8Array;
  readonly offset?: number | undefined;
  readonly streamOffset: number;
  readonly reason?: string | undefined;
  readonly field?: FieldMark | undefined;
}

export function mismatchDetail({ expected, received, offset, streamOffset, reason, field }: MismatchFields): string {
  // A struct names the field, its offset and both values itself; the dump marks the field.
  if (field) return `${reason ?? `${field.label} differs`}\n${indent(hexDump(received, streamOffset, 64, field))}`;
  const where = offset !== undefined ? ` (first difference at byte ${offset})` : '';
  const why = reason ? `: ${reason}` : '';
  const detail = `expected ${expected}, received ${quoteBytes(received)}${where}${why}`;
  const dump = !isPrintable(received.subarray(0, QUOTE_LIMIT)) || (offset !== undefined && received.length > 0);
  return dump ? `${detail}\n${indent(hexDump(received, streamOffset))}` : detail;
}

export interface TimeoutFields {
  readonly waitedMs: number;
  readonly awaiting: string;
  readonly pending: Uint8Array;
  readonly streamOffset: number;
}

export function timeoutDetail({ waitedMs, awaiting, pending, streamOffset }: TimeoutFields): string {
  return `${awaiting} not received after ${waitedMs}ms; unread by then: ${describeReceived(pending, streamOffset)}`;
}

export interface ResetFields {
  readonly bytesReceived: number;
  readonly bytesSent: number;
  readonly reason: string;
  readonly sentAtTheirFin?: number | undefined;
}

export function resetDetail({ bytesReceived, bytesSent, reason, sentAtTheirFin }: ResetFields): string {
  const fin =
    sentAtTheirFin !== undefined && sentAtTheirFin < bytesSent
      ? `; it had closed its side when only ${formatSize(sentAtTheirFin)} of ours had been sent, so it never read the rest`
      : '';
  return `${whatHappened(reason)} after ${formatSize(bytesReceived)} received and ${formatSize(bytesSent)} sent${fin}`;
}

/** The socket error code in words: only ECONNRESET is a reset the other side sent. */
function whatHappened(code: string): string {
  switch (code) {
    case 'ECONNRESET':
      return 'connection reset by the other side (ECONNRESET)';
    case 'EPIPE':
      return 'the other side had closed the connection, so a write failed (EPIPE)';
    case 'ETIMEDOUT':
      return 'the connection timed out (ETIMEDOUT)';
    default:
      return `the connection failed (${code})`;
  }
}

export interface StalledFields {
  readonly waitedMs: number;
  readonly written: number;
  readonly total: number;
}

export function stalledDetail({ waitedMs, written, total }: StalledFields): string {
  return (
    `the other side stopped reading: ${formatSize(written)} of ${formatSize(total)} written after ${waitedMs}ms, ` +
    'and no room to send the rest'
  );
}

export interface EofFields {
  readonly awaiting: string;
  readonly bytesReceived: number;
  readonly pending: Uint8Array;
  readonly streamOffset: number;
}

export function eofDetail({ awaiting, bytesReceived, pending, streamOffset }: EofFields): string {
  return (
    `the other side closed the connection after ${formatSize(bytesReceived)} while ${awaiting} was expected; ` +
    `unread: ${describeReceived(pending, streamOffset)}`
  );
}

export interface UnexpectedDataFields {
  readonly afterMs: number;
  readonly received: Uint8Array;
  readonly streamOffset: number;
}

export function unexpectedDataDetail({ afterMs, received, streamOffset }: UnexpectedDataFields): string {
  return `expected silence, but ${describeReceived(received, streamOffset)} arrived after ${afterMs}ms`;
}

export interface BufferLimitFields {
  readonly limit: number;
  readonly awaiting: string;
  readonly head: Uint8Array;
  readonly streamOffset: number;
}

export function bufferLimitDetail({ limit, awaiting, head, streamOffset }: BufferLimitFields): string {
  return (
    `the other side sent ${formatSize(limit)} without completing ${awaiting} (the limit for one unit); ` +
    `it begins ${describeReceived(head.subarray(0, 64), streamOffset)}`
  );
}

export function unboundVariableDetail(variable: string): string {
  return `variable "\${${variable}}" has no value yet: the step that captures it has not matched before this one`;
}

export function structValueDetail(field: string, problem: string): string {
  return `${field}: ${problem}`;
}

export function tlsHandshakeDetail(reason: string, tlsCode: string): string {
  return `the TLS handshake failed: ${reason}${tlsCode && !reason.includes(tlsCode) ? ` (${tlsCode})` : ''}`;
}

export function plaintextBeforeTlsDetail(received: Uint8Array, streamOffset: number): string {
  return (
    `unread plaintext before the TLS handshake: ${describeReceived(received, streamOffset)}; ` +
    'the other side sent it after its go-ahead, where only the handshake may come (expect it before starttls if it belongs there)'
  );
}
