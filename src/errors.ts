/**
 * Every failure a user can cause is one of these classes, each with a stable
 * `code` to match on, the data involved as fields (location, step, bytes,
 * the underlying `cause`) and a `message` built from them. Anything else
 * that escapes the peer is a bug in tcpspec. The framing decoders' errors
 * (src/framing/errors.ts) and those of a client under test
 * (src/clients/errors.ts) belong to the same family.
 */
import { QUOTE_LIMIT, formatSize, hexDump, indent, isPrintable, quoteBytes, quoteValue } from './bytes';
import { formatEndpoint } from './net/endpoint';
import type { Endpoint } from './net/endpoint';

export const ErrorCode = {
  SpecInvalid: 'TCPSPEC_SPEC_INVALID',
  TargetUnreachable: 'TCPSPEC_TARGET_UNREACHABLE',
  TargetMissing: 'TCPSPEC_TARGET_MISSING',
  Listen: 'TCPSPEC_LISTEN',
  SeedInvalid: 'TCPSPEC_SEED_INVALID',
  SpecPath: 'TCPSPEC_SPEC_PATH',
  SuiteUnknown: 'TCPSPEC_SUITE_UNKNOWN',
  TargetUnknown: 'TCPSPEC_TARGET_UNKNOWN',
  TargetStart: 'TCPSPEC_TARGET_START',
  SendStalled: 'TCPSPEC_SEND_STALLED',
  UsageError: 'TCPSPEC_USAGE',
  Interrupted: 'TCPSPEC_INTERRUPTED',
  StepMismatch: 'TCPSPEC_STEP_MISMATCH',
  StepTimeout: 'TCPSPEC_STEP_TIMEOUT',
  ConnectionReset: 'TCPSPEC_CONNECTION_RESET',
  UnexpectedEof: 'TCPSPEC_UNEXPECTED_EOF',
  UnexpectedData: 'TCPSPEC_UNEXPECTED_DATA',
  BufferLimit: 'TCPSPEC_BUFFER_LIMIT',
  AcceptTimeout: 'TCPSPEC_ACCEPT_TIMEOUT',
  UnboundVariable: 'TCPSPEC_UNBOUND_VARIABLE',
  StructValue: 'TCPSPEC_STRUCT_VALUE',
  TlsHandshake: 'TCPSPEC_TLS_HANDSHAKE',
  PlaintextBeforeTls: 'TCPSPEC_PLAINTEXT_BEFORE_TLS',
  IncompleteMessage: 'TCPSPEC_INCOMPLETE_MESSAGE',
  MessageTooLong: 'TCPSPEC_MESSAGE_TOO_LONG',
  FrameTooLarge: 'TCPSPEC_FRAME_TOO_LARGE',
  DecoderConfig: 'TCPSPEC_DECODER_CONFIG',
  ClientStart: 'TCPSPEC_CLIENT_START',
  ClientFailed: 'TCPSPEC_CLIENT_FAILED',
  ClientFunction: 'TCPSPEC_CLIENT_FUNCTION',
  LyingLength: 'TCPSPEC_LYING_LENGTH',
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

/** The `cause` an error may carry: the system or library error underneath it. */
export interface CauseOption {
  readonly cause?: unknown;
}

export abstract class TcpspecError extends Error {
  abstract readonly code: ErrorCode;
  /** 1: the thing under test failed; 2: the input (spec, arguments, target) was unusable. */
  abstract readonly exitStatus: 1 | 2;
  constructor(message: string, options: CauseOption = {}) {
    super(message, options.cause !== undefined ? { cause: options.cause } : undefined);
  }
  override get name(): string {
    return this.constructor.name;
  }
}

function at(where: SourceLocation | undefined): string {
  return where ? `${formatLocation(where)}: ` : '';
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

/** The command is stopping (SIGINT, SIGTERM): a spec asked to start now is not run. */
export class InterruptedError extends TcpspecError {
  readonly code = ErrorCode.Interrupted;
  readonly exitStatus = 2 as const;
  constructor() {
    super('interrupted: the command is stopping, so nothing more starts');
  }
}

/**
 * A spec names a `target:` that nothing in the catalog provides: no server
 * (client role), or no client under test (`role: server`).
 */
export class TargetUnknownError extends TcpspecError {
  readonly code = ErrorCode.TargetUnknown;
  readonly exitStatus = 2 as const;
  readonly target: string;
  readonly known: readonly string[];
  readonly where: SourceLocation | undefined;
  /** What the name had to be: a server to connect to, or a client under test to start. */
  readonly wanted: 'server' | 'client';
  constructor(options: {
    readonly target: string;
    readonly known: readonly string[];
    readonly where?: SourceLocation;
    readonly wanted?: 'server' | 'client';
  }) {
    const wanted = options.wanted ?? 'server';
    const known = options.known.length > 0 ? options.known.join(', ') : 'none';
    super(
      wanted === 'server'
        ? `${at(options.where)}unknown target "${options.target}"; known targets: ${known} (or pass --target HOST:PORT)`
        : `${at(options.where)}"target: ${options.target}" names no client under test; ` +
            `a role: server spec's target must be one of: ${known} (or give client: { command: [...] })`,
    );
    this.target = options.target;
    this.known = options.known;
    this.where = options.where;
    this.wanted = wanted;
  }
}

/**
 * A target with no address to go to: a client-role spec has no `target:` and
 * no address was given (`--target HOST:PORT`), or a `connect: { target: NAME }`
 * names a target where nothing can start one (the peer run on its own).
 */
export class TargetMissingError extends TcpspecError {
  readonly code = ErrorCode.TargetMissing;
  readonly exitStatus = 2 as const;
  readonly file: string;
  /** The name `connect.target` gives; absent when the spec names no target at all. */
  readonly target: string | undefined;
  /** Where `connect.target` is written; absent when the spec names no target at all. */
  readonly where: SourceLocation | undefined;
  constructor(options: { readonly file: string } | { readonly target: string; readonly where: SourceLocation }) {
    const named = 'target' in options;
    super(
      named
        ? `${at(options.where)}connect.target "${options.target}" names a target, and nothing here can start one; give HOST:PORT`
        : `${options.file}: the spec names no target; add "target: NAME" or pass --target HOST:PORT`,
    );
    this.file = named ? options.where.file : options.file;
    this.target = named ? options.target : undefined;
    this.where = named ? options.where : undefined;
  }
}

/** A named target (fixture process, container) could not be started. */
export class TargetStartError extends TcpspecError {
  readonly code = ErrorCode.TargetStart;
  readonly exitStatus = 2 as const;
  readonly target: string;
  readonly reason: string;
  readonly where: SourceLocation | undefined;
  constructor(
    options: { readonly target: string; readonly reason: string; readonly where?: SourceLocation } & CauseOption,
  ) {
    super(`${at(options.where)}target "${options.target}" could not be started: ${options.reason}`, options);
    this.target = options.target;
    this.reason = options.reason;
    this.where = options.where;
  }
}

/** Nothing accepted a connection at the target address. */
export class TargetUnreachableError extends TcpspecError {
  readonly code = ErrorCode.TargetUnreachable;
  readonly exitStatus = 2 as const;
  readonly endpoint: Endpoint;
  /** A TCP endpoint's host and port, as before endpoints had other kinds. */
  readonly host?: string;
  readonly port?: number;
  readonly reason: string;
  constructor(options: { readonly endpoint: Endpoint; readonly reason: string } & CauseOption) {
    super(`cannot connect to ${formatEndpoint(options.endpoint)}: ${options.reason}`, options);
    this.endpoint = options.endpoint;
    if ('host' in options.endpoint) ({ host: this.host, port: this.port } = options.endpoint);
    this.reason = options.reason;
  }
}

/** An address to listen on (a mock server, the recording proxy) could not be bound. */
export class ListenError extends TcpspecError {
  readonly code = ErrorCode.Listen;
  readonly exitStatus = 2 as const;
  readonly endpoint: Endpoint;
  /** A TCP endpoint's host and port, as before endpoints had other kinds. */
  readonly host?: string;
  readonly port?: number;
  readonly reason: string;
  constructor(options: { readonly endpoint: Endpoint; readonly reason: string } & CauseOption) {
    super(`cannot listen on ${formatEndpoint(options.endpoint)}: ${options.reason}`, options);
    this.endpoint = options.endpoint;
    if ('host' in options.endpoint) ({ host: this.host, port: this.port } = options.endpoint);
    this.reason = options.reason;
  }
}

/** A path given to run, fuzz or validate that is missing, or a folder with no spec files in it. */
export class SpecPathError extends TcpspecError {
  readonly code = ErrorCode.SpecPath;
  readonly exitStatus = 2 as const;
  constructor(
    readonly path: string,
    readonly problem: 'missing' | 'no-specs',
  ) {
    super(problem === 'missing' ? `no such file or folder: ${path}` : `no *.yaml or *.yml spec files under ${path}`);
  }
}

/** `suite:NAME` names no suite that ships with tcpspec. */
export class SuiteUnknownError extends TcpspecError {
  readonly code = ErrorCode.SuiteUnknown;
  readonly exitStatus = 2 as const;
  constructor(
    readonly suite: string,
    /** The suites that ship, as `suite:NAME`. */
    readonly known: readonly string[],
  ) {
    super(`unknown suite "${suite}"; the suites that ship with tcpspec are: ${known.join(', ')}`);
  }
}

/** A fuzz seed from the environment (`TCPSPEC_SEED`) that is not a whole number. */
export class SeedInvalidError extends TcpspecError {
  readonly code = ErrorCode.SeedInvalid;
  readonly exitStatus = 2 as const;
  constructor(
    /** Where the seed came from, e.g. `TCPSPEC_SEED`. */
    readonly source: string,
    readonly value: string,
  ) {
    super(`${source} must be a whole number, found ${quoteValue(value)}`);
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
    options: CauseOption = {},
  ) {
    super(`${formatStepRef(step)}: ${detail}`, options);
  }
}

function describeReceived(bytes: Uint8Array, base: number): string {
  if (bytes.length === 0) return 'nothing';
  const view = quoteBytes(bytes);
  return isPrintable(bytes.subarray(0, QUOTE_LIMIT)) ? view : `${view}\n${indent(hexDump(bytes, base))}`;
}

/** Where a `struct` mismatch lies in the received bytes (offsets in `received`). */
export interface FieldMark {
  /** `field 3 (u32be)`. */
  readonly label: string;
  readonly start: number;
  readonly end: number;
}

/** The bytes that arrived differ from what the step expects. */
export class StepMismatchError extends StepError {
  readonly code = ErrorCode.StepMismatch;
  /** What was expected, in words or as quoted bytes. */
  readonly expected: string;
  readonly received: Uint8Array;
  /** Offset of the first differing byte within `received`, when the comparison is bytewise. */
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
    const { expected, received, offset, streamOffset, reason, field } = options;
    let detail: string;
    if (field) {
      // A struct names the field, its offset and both values itself; the dump marks the field.
      detail = `${reason ?? `${field.label} differs`}\n${indent(hexDump(received, streamOffset, 64, field))}`;
    } else {
      const where = offset !== undefined ? ` (first difference at byte ${offset})` : '';
      const why = reason ? `: ${reason}` : '';
      detail = `expected ${expected}, received ${quoteBytes(received)}${where}${why}`;
      if (!isPrintable(received.subarray(0, QUOTE_LIMIT)) || (offset !== undefined && received.length > 0)) {
        detail += `\n${indent(hexDump(received, streamOffset))}`;
      }
    }
    super(options.step, detail);
    this.expected = expected;
    this.received = received;
    this.offset = offset;
    this.streamOffset = streamOffset;
    this.reason = reason;
    this.field = field;
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
    const { waitedMs, awaiting, pending, streamOffset } = options;
    super(
      options.step,
      `${awaiting} not received after ${waitedMs}ms; unread by then: ${describeReceived(pending, streamOffset)}`,
    );
    this.waitedMs = waitedMs;
    this.awaiting = awaiting;
    this.pending = pending;
    this.streamOffset = streamOffset;
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
    const { bytesReceived, bytesSent, reason, sentAtTheirFin } = options;
    const fin =
      sentAtTheirFin !== undefined && sentAtTheirFin < bytesSent
        ? `; it had closed its side when only ${formatSize(sentAtTheirFin)} of ours had been sent, so it never read the rest`
        : '';
    super(
      options.step,
      `${whatHappened(reason)} after ${formatSize(bytesReceived)} received and ${formatSize(bytesSent)} sent${fin}`,
      options,
    );
    this.bytesReceived = bytesReceived;
    this.bytesSent = bytesSent;
    this.reason = reason;
    this.sentAtTheirFin = sentAtTheirFin;
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
  readonly waitedMs: number;
  readonly written: number;
  readonly total: number;
  constructor(options: {
    readonly step: StepRef;
    readonly waitedMs: number;
    readonly written: number;
    readonly total: number;
  }) {
    const { waitedMs, written, total } = options;
    super(
      options.step,
      `the other side stopped reading: ${formatSize(written)} of ${formatSize(total)} written after ${waitedMs}ms, ` +
        'and no room to send the rest',
    );
    this.waitedMs = waitedMs;
    this.written = written;
    this.total = total;
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
    const { awaiting, bytesReceived, pending, streamOffset } = options;
    super(
      options.step,
      `the other side closed the connection after ${formatSize(bytesReceived)} while ${awaiting} was expected; ` +
        `unread: ${describeReceived(pending, streamOffset)}`,
    );
    this.awaiting = awaiting;
    this.bytesReceived = bytesReceived;
    this.pending = pending;
    this.streamOffset = streamOffset;
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
    const { afterMs, received, streamOffset } = options;
    super(options.step, `expected silence, but ${describeReceived(received, streamOffset)} arrived after ${afterMs}ms`);
    this.afterMs = afterMs;
    this.received = received;
    this.streamOffset = streamOffset;
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
    const { limit, awaiting, head, streamOffset } = options;
    super(
      options.step,
      `the other side sent ${formatSize(limit)} without completing ${awaiting} (the limit for one unit); ` +
        `it begins ${describeReceived(head.subarray(0, 64), streamOffset)}`,
    );
    this.limit = limit;
    this.awaiting = awaiting;
    this.head = head;
    this.streamOffset = streamOffset;
  }
}

/** In the server role, no client connected in time. */
export class AcceptTimeoutError extends TcpspecError {
  readonly code = ErrorCode.AcceptTimeout;
  readonly exitStatus = 1 as const;
  readonly file: string;
  readonly address: string;
  readonly waitedMs: number;
  readonly accepted: number;
  readonly wanted: number;
  /** The client under test ended before every connection arrived (the wait stopped there). */
  readonly clientEnded: boolean;
  constructor(options: {
    readonly file: string;
    readonly address: string;
    readonly waitedMs: number;
    readonly accepted: number;
    readonly wanted: number;
    readonly clientEnded?: boolean;
  }) {
    const { file, address, waitedMs, accepted, wanted } = options;
    const clientEnded = options.clientEnded ?? false;
    const count = `${accepted} of ${wanted} connection${wanted === 1 ? '' : 's'} accepted`;
    super(
      clientEnded
        ? `${file}: the client under test ended before it connected to ${address} (${count}, after ${waitedMs}ms)`
        : `${file}: no client connected to ${address} within ${waitedMs}ms (${count})`,
    );
    this.file = file;
    this.address = address;
    this.waitedMs = waitedMs;
    this.accepted = accepted;
    this.wanted = wanted;
    this.clientEnded = clientEnded;
  }
}

/** A step reads a variable that no earlier step has captured in this run. */
/** A struct send cannot be written with the variables as they stand: a number that is not one, a value or length that does not fit. */
export class StructValueError extends StepError {
  readonly code = ErrorCode.StructValue;
  constructor(
    step: StepRef,
    /** `field 2 (u32be length)`. */
    readonly field: string,
    readonly problem: string,
  ) {
    super(step, `${field}: ${problem}`);
  }
}

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

/**
 * A lying-length case the server did not survive (src/fuzz/lying/): while a
 * connection sent one length field lying, the plain replay on a fresh
 * connection failed, or the server tcpspec started exited. `cause` is the
 * replay's own failure, when there was one.
 */
export class LyingLengthError extends TcpspecError {
  readonly code = ErrorCode.LyingLength;
  readonly exitStatus = 1 as const;
  readonly file: string;
  /** The lying field as reports name it: `field 2 "length" (u32be length)`. */
  readonly field: string;
  /** The send step that carried the lie (1-based, as the spec numbers steps). */
  readonly step: number;
  /** The value the field claimed, in decimal. */
  readonly value: string;
  /** The length the field would have held. */
  readonly truth: string;
  /** What happened, in words: `the process exited with status 3`, `the replay timed out at step 2`. */
  readonly happened: string;
  constructor(
    options: {
      readonly file: string;
      readonly field: string;
      readonly step: number;
      readonly value: string;
      readonly truth: string;
      readonly happened: string;
    } & CauseOption,
  ) {
    const { file, field, step, value, truth, happened } = options;
    const why = options.cause instanceof Error ? `\n${indent(options.cause.message)}` : '';
    super(`${file}: step ${step} sent ${field} = ${value} (true length ${truth}): ${happened}${why}`, options);
    this.file = file;
    this.field = field;
    this.step = step;
    this.value = value;
    this.truth = truth;
    this.happened = happened;
  }
}
