/** `silence: DURATION` passes only when nothing arrives on the connection for that long. */
import type { StepDefinition } from './kind';
import { readStepDuration } from './values';

export const silence: StepDefinition<'silence'> = {
  bare: false,
  read(ctx, value, at) {
    const duration = readStepDuration(ctx, 'silence', value, at);
    return duration === undefined ? undefined : { duration };
  },
  effect: 'other',
  fields: { duration: true },
  samples: [{ silence: '200ms' }, { silence: 50 }],
};
