/**
 * A request that cannot be done as asked: bad command-line arguments, options
 * that do not fit together, a spec handed to the wrong command. Every layer
 * that reads the user's options may throw it, so it sits beside the base.
 */
import { ErrorCode, TcpspecError } from './errors';

/** Bad command-line arguments; the message says what is wrong and how to put it right. */
export class UsageError extends TcpspecError {
  readonly code = ErrorCode.UsageError;
  readonly exitStatus = 2 as const;
}
