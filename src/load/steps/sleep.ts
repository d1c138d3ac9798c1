/** `sleep: DURATION` waits; two sends around it may still be fuzzed into one write. */
import type { StepDefinition } from './kind';
import { readStepDuration } from './values';

export const sleep: StepDefinition<'sleep'> = {
  bare: false,
  read(ctx, value, at) {
    const duration = readStepDuration(ctx, 'sleep', value, at);
    return duration === undefined ? undefined : { duration };
  },
  effect: 'waits',
  fields: { duration: true },
  samples: [{ sleep: '1s' }, { sleep: 5, on: 'main' }],
};
