/**
 * The base of every failure a user can cause, and the code registry.
 *
 * Each error class lives beside the module that throws it (src/yaml,
 * src/targets, src/net, src/peer, src/struct, src/fuzz, src/run, src/framing,
 * src/clients, src/jest; UsageError, which any layer reading the user's
 * options may throw, in src/usage-error.ts), declares its own `code` from the
 * table below (test/unit/error-codes.test.ts checks one class each) and carries the
 * data involved as fields: where it happened, the step, the bytes. The words
 * of each message are rendered from those fields in src/report/messages/.
 * Reports read the same data back through `failedStep` and `involved`, never
 * by asking which class an error is. Anything else that escapes the peer is
 * a bug in tcpspec.
 */

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

/** The `cause` an error may carry: the system or library error underneath it. */
export interface CauseOption {
  readonly cause?: unknown;
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

/**
 * A span of the received bytes a failure points at, such as the field of a
 * binary structure that did not match: `start` and `end` count from the
 * first byte of `received` (end exclusive), `label` names it (`field 3 (u32be)`).
 */
export interface FieldMark {
  readonly label: string;
  readonly start: number;
  readonly end: number;
}

/** The bytes a failure is about, as reports show them apart from the message. */
export interface InvolvedBytes {
  /** What the step waited for, in words or as quoted bytes. */
  readonly expected: string;
  /** What arrived instead, or what was left unread. */
  readonly received: Uint8Array;
  /** True when `received` was compared against `expected` and differs (rather than never completing it). */
  readonly compared: boolean;
  /** Where `received` starts in its connection's stream of received bytes, when reports show it. */
  readonly receivedAt?: number;
  /** The first differing byte: its index in `received`, and its place in the expected bytes. */
  readonly difference?: { readonly received: number; readonly expected: number };
  /** The part of `received` that did not match, when the matcher names one (a struct field). */
  readonly field?: FieldMark;
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
  /** The step the failure happened at, when it happened while a spec ran. */
  get failedStep(): StepRef | undefined {
    return undefined;
  }
  /** The bytes the failure is about, when there are some. */
  get involved(): InvolvedBytes | undefined {
    return undefined;
  }
}

/**
 * A failure while a spec ran: always names the step. `detail` is what went
 * wrong there; the message is the step followed by it.
 */
export abstract class StepError extends TcpspecError {
  readonly exitStatus = 1 as const;
  constructor(
    readonly step: StepRef,
    readonly detail: string,
    message: string,
    options: CauseOption = {},
  ) {
    super(message, options);
  }
  override get failedStep(): StepRef {
    return this.step;
  }
}
