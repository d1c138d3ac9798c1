/** `starttls` or `starttls: { ...settings }` upgrades the connection to TLS in place. */
import { readTls } from '../read-tls';
import type { StepDefinition } from './kind';
import { isEmptyValue } from './values';

export const starttls: StepDefinition<'starttls'> = {
  bare: true,
  read(ctx, value, at) {
    if (isEmptyValue(value)) return {};
    const tls = readTls(ctx, value, `step ${at.index}: starttls`);
    if (tls === false) {
      ctx.src.problem(
        value,
        `step ${at.index}: starttls: false upgrades nothing; remove the step, or give settings (starttls: { ... })`,
      );
      return undefined;
    }
    return tls && { tls };
  },
  effect: 'other',
  fields: { tls: true },
  samples: ['starttls', { starttls: null }, { starttls: { servername: 'mail.test', min_version: 'TLSv1.2' } }],
};
