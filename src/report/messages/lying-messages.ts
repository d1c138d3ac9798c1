/** A lying-length case the server did not survive (src/fuzz/lying/lying-length-error.ts), in words. */
import { indent } from '../../bytes';

/** What a failed lying-length case is about; LyingLengthError keeps each as a field. */
export interface LyingLengthFacts {
  readonly file: string;
  /** The lying field as reports name it: `field 2 "length" (u32be length)`. */
  readonly field: string;
  /** The send step that carried the lie (1-based, as the spec numbers steps). */
  readonly step: number;
  /** The value the field claimed, in decimal. */
  readonly value: string;
  /** The length the field would have held. */
  readonly truth: string;
  /** What happened, in words: `the process exited with status 3`, `the replay timed out at step 2`. */
  readonly happened: string;
}

export function lyingLengthMessage(options: LyingLengthFacts & { readonly cause?: unknown }): string {
  const { file, field, step, value, truth, happened } = options;
  const why = options.cause instanceof Error ? `\n${indent(options.cause.message)}` : '';
  return `${file}: step ${step} sent ${field} = ${value} (true length ${truth}): ${happened}${why}`;
}
