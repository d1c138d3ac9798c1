/** A spec file that could not be loaded, with every mistake found in it. */
import { ErrorCode, TcpspecError } from '../errors';
import type { SourceLocation } from '../errors';
import { specProblemsMessage } from '../report/messages/input-messages';

/** One mistake in a spec file. */
export interface SpecProblem extends SourceLocation {
  readonly message: string;
}

/** A spec file could not be loaded; `problems` lists every mistake found, in file order. */
export class SpecError extends TcpspecError {
  readonly code = ErrorCode.SpecInvalid;
  readonly exitStatus = 2 as const;
  constructor(readonly problems: readonly SpecProblem[]) {
    super(specProblemsMessage(problems));
  }
}
