/**
 * Fuzzing one spec: the plain exchange first, then fast-check generates chunk
 * plans and replays the spec under each; a failure is shrunk to the smallest
 * plan that still fails, replayed once more to tell a real failure from a
 * flaky one, and reported in words with the seed and path that replay it.
 */
import fc from 'fast-check';
import { SpecError, TcpspecError } from '../errors';
import { runSpec } from '../run/run-spec';
import type { RunOptions, SpecResult } from '../run/run-spec';
import type { Verdict } from '../verdict';
import type { Conversation } from '../peer/client';
import { loadSpecOrError } from '../spec/load';
import type { Spec } from '../spec/types';
import { TargetPool } from '../targets/pool';
import { readShaperOf, sendPlanOf } from './apply-plan';
import { chunkPlanArbitrary, sendsOf } from './arbitrary';
import { describePlan, PLAIN_PLAN } from './plan';
import type { ChunkPlan } from './plan';
import { chooseSeed } from './seed';
import { SEPARATE_READ_GAP_MS } from './timing';

/** Replays of the shrunk case before it is called flaky. */
const REPLAYS = 3;

export interface FuzzProgress {
  readonly file: string;
  readonly done: number;
  readonly total: number;
  readonly failures: number;
  readonly shrinking: boolean;
}

export interface FuzzOptions extends Omit<RunOptions, 'peer' | 'onListening'> {
  readonly runs?: number;
  readonly seed?: number;
  /** Replays one case: the `path` a failure printed (with its seed). */
  readonly path?: string;
  readonly minGapMs?: number;
  readonly onProgress?: (p: FuzzProgress) => void;
  /** Extra words for the replay command (e.g. `--target 127.0.0.1:6379`). */
  readonly replayArgs?: string;
}

export interface FuzzFailure {
  readonly plan: ChunkPlan;
  /** The plan in words. */
  readonly words: string;
  readonly path: string;
  readonly error: TcpspecError;
  /** Failed under fuzzing but passed each of the replays after it. */
  readonly flaky: boolean;
  /** A command line that replays exactly this case. */
  readonly replay: string;
  /** What crossed the wire in the failing run of this case. */
  readonly conversations: readonly Conversation[];
}

export interface FuzzResult {
  readonly file: string;
  readonly name: string;
  readonly status: Verdict;
  readonly ok: boolean;
  readonly seed: number;
  /** Cases run (the plain run included, shrinking excluded). */
  readonly runs: number;
  readonly durationMs: number;
  /** The plain exchange or a generated case failed. */
  readonly failure?: FuzzFailure;
  /** Why the spec could not be fuzzed at all (bad spec, unreachable target). */
  readonly error?: TcpspecError;
  /** The loaded spec; absent when the file did not load. */
  readonly spec?: Spec;
}

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

/** Fuzzes a loaded spec. */
export async function fuzzSpec(spec: Spec, options: FuzzOptions = {}): Promise<FuzzResult> {
  const started = performance.now();
  const seed = chooseSeed(options.seed, spec.fuzz.seed);
  const runs = options.runs ?? spec.fuzz.runs;
  const pool = options.pool ?? new TargetPool();
  const runOptions: RunOptions = {
    pool,
    ...(options.target ? { target: options.target } : {}),
    ...(options.listen ? { listen: options.listen } : {}),
    ...(options.shutdown ? { shutdown: options.shutdown } : {}),
    ...(options.client ? { client: options.client } : {}),
  };
  const sendSteps = sendsOf(spec).map((s) => s.step);
  const base = { file: spec.file, name: spec.name, seed, spec };
  const done = (fields: Partial<FuzzResult> & Pick<FuzzResult, 'status' | 'runs'>): FuzzResult => ({
    ...base,
    ok: fields.status === 'passed',
    durationMs: Math.round(performance.now() - started),
    ...fields,
  });
  const runCase = (plan: ChunkPlan): Promise<SpecResult> =>
    runSpec(spec, {
      ...runOptions,
      peer: { plan: sendPlanOf(plan), ...(plan.reader ? { reader: readShaperOf(plan)! } : {}) },
    });
  const replayCommand = (path: string): string =>
    `npx tcpspec fuzz ${spec.file} --seed ${seed} --path ${path}${options.replayArgs ? ` ${options.replayArgs}` : ''}`;

  try {
    if (options.path === undefined) {
      const plain = await runCase(PLAIN_PLAN);
      if (plain.failure?.exitStatus === 2) return done({ status: 'error', runs: 1, error: plain.failure });
      if (plain.failure) {
        return done({
          status: 'failed',
          runs: 1,
          failure: {
            plan: PLAIN_PLAN,
            words: describePlan(PLAIN_PLAN),
            path: '',
            error: plain.failure,
            flaky: false,
            replay: `npx tcpspec run ${spec.file}`,
            conversations: plain.conversations,
          },
        });
      }
    }
    let calls = 0;
    let failures = 0;
    // Shrinking moves to each candidate that fails, so the last failing run is the shrunk case's.
    let lastFailing: SpecResult | undefined;
    const property = fc.asyncProperty(
      chunkPlanArbitrary(spec, spec.fuzz, options.minGapMs ?? SEPARATE_READ_GAP_MS),
      async (plan) => {
        const r = await runCase(plan);
        calls += 1;
        if (r.failure) {
          failures += 1;
          lastFailing = r;
        }
        options.onProgress?.({
          file: spec.file,
          done: Math.min(calls, runs),
          total: runs,
          failures,
          shrinking: failures > 0,
        });
        if (r.failure) throw r.failure;
      },
    );
    const details = await fc.check(property, {
      seed,
      numRuns: runs,
      ...(options.path !== undefined ? { path: options.path, endOnFailure: true } : {}),
    });
    if (!details.failed) return done({ status: 'passed', runs: details.numRuns + 1 });
    if (!details.counterexample) {
      const why = details.interrupted ? 'the run was interrupted' : 'no case could be generated';
      throw new Error(`fast-check failed without a counterexample: ${why}`);
    }
    const [plan] = details.counterexample;
    const error = details.errorInstance instanceof TcpspecError ? details.errorInstance : lastFailing?.failure;
    if (!(error instanceof TcpspecError)) throw details.errorInstance;
    if (error.exitStatus === 2) return done({ status: 'error', runs: details.numRuns, error });
    // Timing decides whether two pieces meet one read, so one passing replay
    // proves little: the case counts as flaky only if every replay passes.
    let reproduced = false;
    for (let i = 0; i < REPLAYS && !reproduced; i++) reproduced = (await runCase(plan)).failure !== undefined;
    return done({
      status: 'failed',
      runs: details.numRuns + 1,
      failure: {
        plan,
        words: describePlan(plan, sendSteps),
        path: details.counterexamplePath,
        error,
        flaky: !reproduced,
        replay: replayCommand(details.counterexamplePath),
        conversations: lastFailing?.conversations ?? [],
      },
    });
  } finally {
    if (!options.pool) await pool.stopAll();
  }
}
