/** A lying-length case the server did not survive. */
import { ErrorCode, TcpspecError } from '../../errors';
import type { CauseOption } from '../../errors';
import { lyingLengthMessage } from '../../report/messages/lying-messages';
import type { LyingLengthFacts } from '../../report/messages/lying-messages';

/**
 * A lying-length case the server did not survive (src/fuzz/lying/): while a
 * connection sent one length field lying, the plain replay on a fresh
 * connection failed, or the server tcpspec started exited. `cause` is the
 * replay's own failure, when there was one.
 */
export class LyingLengthError extends TcpspecError implements LyingLengthFacts {
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
  constructor(options: LyingLengthFacts & CauseOption) {
    super(lyingLengthMessage(options), options);
    this.file = options.file;
    this.field = options.field;
    this.step = options.step;
    this.value = options.value;
    this.truth = options.truth;
    this.happened = options.happened;
  }
}
