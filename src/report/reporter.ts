/** What every reporter (human, JUnit, JSON) is told as a run goes. */
import type { SpecResult } from '../run/run-spec';
import type { Summary } from './human';

export interface Reporter {
  specFinished(result: SpecResult): void;
  /** Called once at the end; may write files. */
  finished(results: readonly SpecResult[], summary: Summary): Promise<void> | void;
}
