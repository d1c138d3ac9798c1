/** Complete lines for the line matchers (a regex, `until`), bounded by the unit limit. */
import type { StreamView } from '../stream/view';
import { LineScan } from '../stream/line-scan';
import type { MatchLimits } from './progress';

/** Finds complete lines without rescanning what it has already searched. */
export class LineReader {
  private readonly scan = new LineScan();
  constructor(private readonly limits: MatchLimits) {}

  /** The next complete line with its ending, or why there is none yet. */
  next(input: StreamView, ended: boolean): Buffer | 'pending' | 'ended' | 'overflow' {
    const end = this.scan.next(input);
    if (end < 0) {
      if (input.length > this.limits.maxUnit) return 'overflow';
      return ended ? 'ended' : 'pending';
    }
    if (end > this.limits.maxUnit) return 'overflow';
    return input.peek(end);
  }
}
