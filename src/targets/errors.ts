/** A target that cannot be had: unknown to the catalog, not named at all, or failing to start. */
import { ErrorCode, TcpspecError } from '../errors';
import type { CauseOption, SourceLocation } from '../errors';
import { targetMissingMessage, targetStartMessage, targetUnknownMessage } from '../report/messages/target-messages';

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
    const fields = { ...options, where: options.where, wanted: options.wanted ?? 'server' };
    super(targetUnknownMessage(fields));
    this.target = fields.target;
    this.known = fields.known;
    this.where = fields.where;
    this.wanted = fields.wanted;
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
    const fields =
      'target' in options
        ? { file: options.where.file, target: options.target, where: options.where }
        : { file: options.file, target: undefined, where: undefined };
    super(targetMissingMessage(fields));
    this.file = fields.file;
    this.target = fields.target;
    this.where = fields.where;
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
    super(targetStartMessage({ ...options, where: options.where }), options);
    this.target = options.target;
    this.reason = options.reason;
    this.where = options.where;
  }
}
