/**
 * Fuzzing one spec against its own target or client: the plain exchange
 * first, then fast-check generates chunk plans and replays the spec under
 * each; a failure is shrunk to the smallest plan that still fails, replayed
 * once more to tell a real failure from a flaky one, and reported in words
 * with the seed and path that replay it (the phases: src/fuzz/fuzz-session.ts).
 */
import { SpecError } from '../yaml/spec-error';
import { runSpec } from '../run/run-spec';
import type { RunOptions } from '../run/run-spec';
import { loadSpecOrError } from '../load/load';
import type { Spec } from '../spec/types';
import { TargetPool } from '../targets/pool';
import { FuzzSession } from './fuzz-session';
import type { FuzzOptions, FuzzResult } from './fuzz-types';
import { replayArgsOf, replayCommand } from './replay';

export type { FuzzFailure, FuzzOptions, FuzzProgress, FuzzResult } from './fuzz-types';

/** Loads a spec file and fuzzes it; an unusable spec is a result with status `error`. */
export async function fuzzSpecFile(file: string, options: FuzzOptions = {}): Promise<FuzzResult> {
  const started = performance.now();
  const spec = loadSpecOrError(file, options.root !== undefined ? { root: options.root } : {});
  if (spec instanceof SpecError) {
    return {
      file,
      name: file,
      status: 'error',
      ok: false,
      seed: options.seed ?? 0,
      runs: 0,
      durationMs: Math.round(performance.now() - started),
      error: spec,
    };
  }
  return fuzzSpec(spec, options);
}

/** Fuzzes a loaded spec; each case is played with runSpec (its target, or its client under test). */
export async function fuzzSpec(spec: Spec, options: FuzzOptions = {}): Promise<FuzzResult> {
  const pool = options.pool ?? new TargetPool();
  const runOptions: RunOptions = {
    pool,
    ...(options.target ? { target: options.target } : {}),
    ...(options.listen ? { listen: options.listen } : {}),
    ...(options.shutdown ? { shutdown: options.shutdown } : {}),
    ...(options.client ? { client: options.client } : {}),
  };
  const replayArgs = options.replayArgs ?? replayArgsOf(options);
  try {
    return await new FuzzSession(spec, options, {
      play: (peer) => runSpec(spec, { ...runOptions, peer }),
      replay: (seed, path) => replayCommand(spec.file, seed, path, replayArgs, options.delivery),
    }).run();
  } finally {
    if (!options.pool) await pool.stopAll();
  }
}
