/** Fuzz cases played several at a time, in the order fc.check would generate them. */
import fc from 'fast-check';
import type { ChunkPlan } from './plan';

/** The lowest-indexed failing case of a concurrent run, with what its play returned. */
export interface IndexedFailure<R> {
  readonly index: number;
  readonly plan: ChunkPlan;
  readonly run: R;
}

/**
 * Generates the cases fc.check would (same arbitrary, seed and order) and
 * plays them `parallel` at a time; launching stops at the first failure.
 * Resolves with the lowest failing index: every case before it was played and
 * passed, so replaying from that index alone continues exactly where a
 * sequential run would have failed.
 */
export async function runConcurrently<R>(
  arbitrary: fc.Arbitrary<ChunkPlan>,
  seed: number,
  runs: number,
  parallel: number,
  play: (plan: ChunkPlan) => Promise<R>,
  failed: (run: R) => boolean,
): Promise<IndexedFailure<R> | undefined> {
  const playing = new Set<Promise<void>>();
  let first: IndexedFailure<R> | undefined;
  let crash: { error: unknown } | undefined;
  let index = 0;
  await fc.check(
    fc.asyncProperty(arbitrary, async (plan) => {
      const i = index++;
      while (!first && !crash && playing.size >= parallel) await Promise.race(playing);
      if (first || crash) return;
      const p: Promise<void> = play(plan).then(
        (run) => {
          playing.delete(p);
          if (failed(run) && (!first || i < first.index)) first = { index: i, plan, run };
        },
        (error: unknown) => {
          playing.delete(p);
          crash ??= { error };
        },
      );
      playing.add(p);
    }),
    { seed, numRuns: runs },
  );
  await Promise.all(playing);
  if (crash) throw crash.error;
  return first;
}
