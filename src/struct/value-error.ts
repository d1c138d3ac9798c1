/** A struct that cannot be written with the values it was given. */
import { ErrorCode, StepError } from '../errors';
import type { StepRef } from '../errors';
import { structValueDetail } from '../report/messages/step-messages';
import { stepMessage } from '../report/messages/where';

/** A struct send cannot be written with the variables as they stand: a number that is not one, a value or length that does not fit. */
export class StructValueError extends StepError {
  readonly code = ErrorCode.StructValue;
  constructor(
    step: StepRef,
    /** `field 2 (u32be length)`. */
    readonly field: string,
    readonly problem: string,
  ) {
    const detail = structValueDetail(field, problem);
    super(step, detail, stepMessage(step, detail));
  }
}
