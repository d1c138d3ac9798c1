/** A lying-length case the server did not survive (src/fuzz/lying/lying-length-error.ts), in words. */
import { indent } from '../../bytes';

export function lyingLengthMessage(options: {
  readonly file: string;
  readonly field: string;
  readonly step: number;
  readonly value: string;
  readonly truth: string;
  readonly happened: string;
  readonly cause?: unknown;
}): string {
  const { file, field, step, value, truth, happened } = options;
  const why = options.cause instanceof Error ? `\n${indent(options.cause.message)}` : '';
  return `${file}: step ${step} sent ${field} = ${value} (true length ${truth}): ${happened}${why}`;
}
