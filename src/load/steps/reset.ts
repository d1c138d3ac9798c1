/** `reset` aborts the connection with an RST. */
import type { StepDefinition } from './kind';
import { readNoValue } from './values';

export const reset: StepDefinition<'reset'> = {
  bare: true,
  read: (ctx, value, at) => readNoValue(ctx, 'reset', value, at),
  effect: 'ends',
  fields: {},
  samples: ['reset', { reset: null }],
};
