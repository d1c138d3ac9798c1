/**
 * Every failure a user can cause is one of these classes, each with a stable
 * `code` to match on and the location and bytes involved. Anything else that
 * escapes the peer is a bug in tcpspec.
 */
import { QUOTE_LIMIT, formatSize, hexDump, indent, isPrintable, quoteBytes } from './bytes';

export const ErrorCode = {
  SpecInvalid: 'TCPSPEC_SPEC_INVALID',
  TargetUnreachable: 'TCPSPEC_TARGET_UNREACHABLE',
  TargetUnknown: 'TCPSPEC_TARGET_UNKNOWN',
  TargetStart: 'TCPSPEC_TARGET_START',
  SendStalled: 'TCPSPEC_SEND_STALLED',
  UsageError: 'TCPSPEC_USAGE',
  StepMismatch: 'TCPSPEC_STEP_MISMATCH',
  StepTimeout: 'TCPSPEC_STEP_TIMEOUT',
  ConnectionReset: 'TCPSPEC_CONNECTION_RESET',
  UnexpectedEof: 'TCPSPEC_UNEXPECTED_EOF',
  UnexpectedData: 'TCPSPEC_UNEXPECTED_DATA',
  BufferLimit: 'TCPSPEC_BUFFER_LIMIT',
  AcceptTimeout: 'TCPSPEC_ACCEPT_TIMEOUT',
  UnboundVariable: 'TCPSPEC_UNBOUND_VARIABLE',
  TlsHandshake: 'TCPSPEC_TLS_HANDSHAKE',
  PlaintextBeforeTls: 'TCPSPEC_PLAINTEXT_BEFORE_TLS',
  ClientStart: 'TCPSPEC_CLIENT_START',
  ClientFailed: 'TCPSPEC_CLIENT_FAILED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** A place in a spec file; line and column are 1-based. */
export interface SourceLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export function formatLocation(loc: SourceLocation): string {
  return `${loc.file}:${loc.line}:${loc.column}`;
}

export abstract class TcpspecError extends Error {
  abstract readonly code: ErrorCode;
  /** 1: the thing under test failed; 2: the input (spec, arguments, target) was unusable. */
  abstract readonly exitStatus: 1 | 2;
  override get name(): string {
    return this.constructor.name;
  }
}

/** One mistake in a spec file. */
export interface SpecProblem extends SourceLocation {
  readonly message: string;
}

/** A spec file could not be loaded; `problems` lists every mistake found, in file order. */
export class SpecError extends TcpspecError {
  readonly code = ErrorCode.SpecInvalid;
  readonly exitStatus = 2 as const;
  constructor(readonly problems: readonly SpecProblem[]) {
    super(problems.map((p) => `${formatLocation(p)}: ${p.message}`).join('\n'));
  }
}

/** Bad command-line arguments. */
export class UsageError extends TcpspecError {
  readonly code = ErrorCode.UsageError;
  readonly exitStatus = 2 as const;
}

/** A spec names a `target:` that no fixture or container provides. */
export class TargetUnknownError extends TcpspecError {
  readonly code = ErrorCode.TargetUnknown;
  readonly exitStatus = 2 as const;
  constructor(
    readonly target: string,
    readonly known: readonly string[],
    readonly where?: SourceLocation,
  ) {
    super(
      `${where ? `${formatLocation(where)}: ` : ''}unknown target "${target}"; known targets: ${known.join(', ')} ` +
        `(or pass --target HOST:PORT)`,
    );
  }
}

/** A named target (fixture process, container) could not be started. */
export class TargetStartError extends TcpspecError {
  readonly code = ErrorCode.TargetStart;
  readonly exitStatus = 2 as const;
  constructor(
    readonly target: string,
    readonly reason: string,
    readonly where?: SourceLocation,
  ) {
    super(`${where ? `${formatLocation(where)}: ` : ''}target "${target}" could not be started: ${reason}`);
  }
}

/** Nothing accepted a connection at the target address. */
export class TargetUnreachableError extends TcpspecError {
  readonly code = ErrorCode.TargetUnreachable;
  readonly exitStatus = 2 as const;
  constructor(
    readonly host: string,
    readonly port: number,
    readonly reason: string,
  ) {
    super(`cannot connect to ${host.includes(':') ? `[${host}]` : host}:${port}: ${reason}`);
  }
}

/** Which step of which spec a failure happened at. */
export interface StepRef extends SourceLocation {
  /** 1-based position in `steps`. */
  readonly index: number;
  readonly kind: string;
  readonly note?: string;
  /** The connection the step acts on, by name, when the spec has several (`main`, `pub`); absent otherwise. */
  readonly connection?: string;
  /** In the server role with `connections: N`, which of the N plays (1-based); absent in the client role. */
  readonly play?: number;
}

/** `specs/x.yaml:7 step 3 (expect)`, `specs/x.yaml:9 step 4 (expect on pub)`, `… connection 2 step 1 (send)`. */
export function formatStepRef(step: StepRef): string {
  const play = step.play !== undefined ? ` connection ${step.play}` : '';
  const on = step.connection !== undefined ? ` on ${step.connection}` : '';
  const note = step.note ? ` "${step.note}"` : '';
  return `${step.file}:${step.line}${play} step ${step.index} (${step.kind}${on})${note}`;
}

/** A failure while a spec ran: always names the step. */
export abstract class StepError extends TcpspecError {
  readonly exitStatus = 1 as const;
  constructor(
    readonly step: StepRef,
    readonly detail: string,
  ) {
    super(`${formatStepRef(step)}: ${detail}`);
  }
}

function describeReceived(bytes: Uint8Array, base: number): string {
  if (bytes.length === 0) return 'nothing';
  const view = quoteBytes(bytes);
  return isPrintable(bytes.subarray(0, QUOTE_LIMIT)) ? view : `${view}\n${indent(hexDump(bytes, base))}`;
}

/** The bytes that arrived differ from what the step expects. */
export class StepMismatchError extends StepError {
  readonly code = ErrorCode.StepMismatch;
  constructor(
    step: StepRef,
    /** What was expected, in words or as quoted bytes. */
    readonly expected: string,
    readonly received: Uint8Array,
    /** Offset of the first differing byte within `received`, when the comparison is bytewise. */
    readonly offset: number | undefined,
    /** Absolute stream offset of `received[0]`. */
    readonly streamOffset: number,
    reason?: string,
  ) {
    const where = offset !== undefined ? ` (first difference at byte ${offset})` : '';
    const why = reason ? `: ${reason}` : '';
    let detail = `expected ${expected}, received ${quoteBytes(received)}${where}${why}`;
    if (!isPrintable(received.subarray(0, QUOTE_LIMIT)) || (offset !== undefined && received.length > 0)) {
      detail += `\n${indent(hexDump(received, streamOffset))}`;
    }
    super(step, detail);
  }
}

/** A step waited its whole timeout. */
export class StepTimeoutError extends StepError {
  readonly code = ErrorCode.StepTimeout;
  constructor(
    step: StepRef,
    readonly waitedMs: number,
    /** What the step was waiting for, in words. */
    readonly awaiting: string,
    /** The unread bytes at the time of the timeout. */
    readonly pending: Uint8Array,
    readonly streamOffset: number,
  ) {
    super(
      step,
      `${awaiting} not received after ${waitedMs}ms; unread by then: ${describeReceived(pending, streamOffset)}`,
    );
  }
}

/** The other side reset the connection. */
export class ConnectionResetError extends StepError {
  readonly code = ErrorCode.ConnectionReset;
  constructor(
    step: StepRef,
    readonly bytesReceived: number,
    readonly bytesSent: number,
    readonly reason: string,
    /** How much we had sent when the other side's FIN arrived, if it did. */
    readonly sentAtTheirFin?: number,
  ) {
    const fin =
      sentAtTheirFin !== undefined && sentAtTheirFin < bytesSent
        ? `; it had closed its side when only ${formatSize(sentAtTheirFin)} of ours had been sent, so it never read the rest`
        : '';
    super(
      step,
      `${whatHappened(reason)} after ${formatSize(bytesReceived)} received and ${formatSize(bytesSent)} sent${fin}`,
    );
  }
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

/** A send could not finish because the other side stopped reading. */
export class SendStalledError extends StepError {
  readonly code = ErrorCode.SendStalled;
  constructor(
    step: StepRef,
    readonly waitedMs: number,
    readonly written: number,
    readonly total: number,
  ) {
    super(
      step,
      `the other side stopped reading: ${formatSize(written)} of ${formatSize(total)} written after ${waitedMs}ms, ` +
        'and no room to send the rest',
    );
  }
}

/** The other side closed its sending direction while the step still expected bytes. */
export class UnexpectedEofError extends StepError {
  readonly code = ErrorCode.UnexpectedEof;
  constructor(
    step: StepRef,
    readonly awaiting: string,
    readonly bytesReceived: number,
    readonly pending: Uint8Array,
    streamOffset: number,
  ) {
    super(
      step,
      `the other side closed the connection after ${formatSize(bytesReceived)} while ${awaiting} was expected; ` +
        `unread: ${describeReceived(pending, streamOffset)}`,
    );
  }
}

/** Bytes arrived during a `silence` step. */
export class UnexpectedDataError extends StepError {
  readonly code = ErrorCode.UnexpectedData;
  constructor(
    step: StepRef,
    readonly afterMs: number,
    readonly received: Uint8Array,
    streamOffset: number,
  ) {
    super(step, `expected silence, but ${describeReceived(received, streamOffset)} arrived after ${afterMs}ms`);
  }
}

/** The other side sent more than an expectation may hold in memory. */
export class BufferLimitError extends StepError {
  readonly code = ErrorCode.BufferLimit;
  constructor(
    step: StepRef,
    readonly limit: number,
    readonly awaiting: string,
    readonly head: Uint8Array,
    streamOffset: number,
  ) {
    super(
      step,
      `the other side sent ${formatSize(limit)} without completing ${awaiting} (the limit for one unit); ` +
        `it begins ${describeReceived(head.subarray(0, 64), streamOffset)}`,
    );
  }
}

/** In the server role, no client connected in time. */
export class AcceptTimeoutError extends TcpspecError {
  readonly code = ErrorCode.AcceptTimeout;
  readonly exitStatus = 1 as const;
  constructor(
    readonly file: string,
    readonly address: string,
    readonly waitedMs: number,
    readonly accepted: number,
    readonly wanted: number,
  ) {
    super(
      `${file}: no client connected to ${address} within ${waitedMs}ms ` +
        `(${accepted} of ${wanted} connection${wanted === 1 ? '' : 's'} accepted)`,
    );
  }
}

/** A step reads a variable that no earlier step has captured in this run. */
export class UnboundVariableError extends StepError {
  readonly code = ErrorCode.UnboundVariable;
  constructor(
    step: StepRef,
    readonly variable: string,
  ) {
    super(
      step,
      `variable "\${${variable}}" has no value yet: the step that captures it has not matched before this one`,
    );
  }
}

/**
 * A TLS handshake failed (at the start of a connection or at `starttls`):
 * `reason` says why in words (the alert, an unknown CA, a version refused),
 * `tlsCode` is the TLS library's own code.
 */
export class TlsHandshakeError extends StepError {
  readonly code = ErrorCode.TlsHandshake;
  constructor(
    step: StepRef,
    readonly reason: string,
    /** OpenSSL's or Node's code, e.g. ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION, UNABLE_TO_VERIFY_LEAF_SIGNATURE. */
    readonly tlsCode: string,
  ) {
    super(step, `the TLS handshake failed: ${reason}${tlsCode && !reason.includes(tlsCode) ? ` (${tlsCode})` : ''}`);
  }
}

/**
 * At `starttls` in the client role, plaintext from the other side was still
 * unread: bytes sent after the go-ahead would be taken as if TLS protected them.
 */
export class PlaintextBeforeTlsError extends StepError {
  readonly code = ErrorCode.PlaintextBeforeTls;
  constructor(
    step: StepRef,
    readonly received: Uint8Array,
    streamOffset: number,
  ) {
    super(
      step,
      `unread plaintext before the TLS handshake: ${describeReceived(received, streamOffset)}; ` +
        'the other side sent it after its go-ahead, where only the handshake may come (expect it before starttls if it belongs there)',
    );
  }
}
