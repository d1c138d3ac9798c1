/**
 * A client function under test (fuzzClient, mockServer) that threw,
 * rejected, or did not settle in time. Its own error, message and stack, is
 * the failure; a step of the mock server that failed meanwhile is kept
 * beside it, since either may be the cause of the other.
 */
import { ErrorCode, TcpspecError } from '../errors';
import { indent } from '../bytes';

/** How the function ended, when it ended wrong. */
export type FunctionEnding =
  | { readonly kind: 'threw' | 'rejected'; readonly error: unknown }
  | { readonly kind: 'timeout'; readonly timeoutMs: number };

export class ClientFunctionError extends TcpspecError {
  readonly code = ErrorCode.ClientFunction;
  readonly exitStatus = 1 as const;
  readonly file: string;
  readonly ending: FunctionEnding;
  /** What the function threw or rejected with (absent when it did not settle). */
  readonly thrown?: unknown;
  /** A step of the mock server that failed before the function's verdict was in. */
  readonly stepFailure?: TcpspecError;
  constructor(options: {
    readonly file: string;
    readonly ending: FunctionEnding;
    readonly stepFailure?: TcpspecError;
  }) {
    const { file, ending, stepFailure } = options;
    const head =
      ending.kind === 'timeout'
        ? `${file}: the client function did not settle within ${ending.timeoutMs}ms (the spec's timeout)`
        : `${file}: the client function ${ending.kind} ${describeThrown(ending.error)}`;
    const beside = stepFailure ? `\nthe mock server meanwhile:\n${indent(stepFailure.message, '  ')}` : '';
    super(head + beside, ending.kind === 'timeout' ? {} : { cause: ending.error });
    this.file = file;
    this.ending = ending;
    if (ending.kind !== 'timeout') this.thrown = ending.error;
    if (stepFailure) this.stepFailure = stepFailure;
  }
}

/** A thrown value in words: an error's stack (its message first), anything else as it prints. */
export function describeThrown(value: unknown): string {
  if (!(value instanceof Error)) return `a value that is not an Error: ${String(value)}`;
  const head = `${value.name}: ${value.message}`;
  const stack = value.stack ?? '';
  // V8 stacks start with the name and message; frames follow, one per line.
  const frames = stack.startsWith(head)
    ? stack.slice(head.length)
    : `\n${stack.split('\n').filter(isFrame).join('\n')}`;
  return `${head}${frames.trimEnd() ? frames.trimEnd() : ''}`;
}

function isFrame(line: string): boolean {
  return /^\s+at /.test(line);
}
