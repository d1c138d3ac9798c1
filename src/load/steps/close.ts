/** `close` closes the connection normally. */
import type { StepDefinition } from './kind';
import { readNoValue } from './values';

export const close: StepDefinition<'close'> = {
  bare: true,
  read: (ctx, value, at) => readNoValue(ctx, 'close', value, at),
  effect: 'ends',
  fields: {},
  samples: ['close', { close: null }],
};
