import type { StepRef } from '../errors';
import { notRunLine } from './not-run';

const step = (index: number): StepRef => ({ file: 'specs/a.yaml', line: index + 3, column: 5, index, kind: 'expect' });

describe('the steps a failure left unplayed', () => {
  it('are named one by one when there are few', () => {
    expect(notRunLine([step(3), step(4)])).toBe('steps not run: line 6 step 3 (expect); line 7 step 4 (expect)');
  });

  it('are counted, with the next few named, when there are many', () => {
    const steps = Array.from({ length: 40 }, (_, i) => step(i + 3));
    expect(notRunLine(steps)).toBe(
      'steps not run: 40, next line 6 step 3 (expect); line 7 step 4 (expect); line 8 step 5 (expect); and 37 more',
    );
  });
});
