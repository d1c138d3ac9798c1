/** `shutdown` half-closes (FIN) our sending direction and keeps reading. */
import type { StepDefinition } from './kind';
import { readNoValue } from './values';

export const shutdown: StepDefinition<'shutdown'> = {
  bare: true,
  read: (ctx, value, at) => readNoValue(ctx, 'shutdown', value, at),
  effect: 'ends-sending',
  fields: {},
  samples: ['shutdown', { shutdown: null }],
};
