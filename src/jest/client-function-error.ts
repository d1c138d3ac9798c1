/**
 * A client function under test (fuzzClient, mockServer) that threw,
 * rejected, or did not settle in time. Its own error, message and stack, is
 * the failure; a step of the mock server that failed meanwhile is kept
 * beside it, since either may be the cause of the other. The words are in
 * src/report/messages/client-function-messages.ts.
 */
import { ErrorCode, TcpspecError } from '../errors';
import { clientFunctionMessage } from '../report/messages/client-function-messages';

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
    super(
      clientFunctionMessage({ file, ending, stepFailure: stepFailure?.message }),
      ending.kind === 'timeout' ? {} : { cause: ending.error },
    );
    this.file = file;
    this.ending = ending;
    if (ending.kind !== 'timeout') this.thrown = ending.error;
    if (stepFailure) this.stepFailure = stepFailure;
  }
}
