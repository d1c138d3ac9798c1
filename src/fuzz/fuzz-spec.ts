/**
 * Fuzzing one spec: the plain exchange first, then fast-check generates chunk
 * plans and replays the spec under each; a failure is shrunk to the smallest
 * plan that still fails, replayed once more to tell a real failure from a
 * flaky one, and reported in words with the seed and path that replay it.
 */
import fc from 'fast-check';
import { SpecError, TcpspecError, UsageError } from '../errors';
import { runSpec } from '../run/run-spec';
import type { ClientResult, RunOptions, SpecResult } from '../run/run-spec';
import type { Verdict } from '../verdict';
import type { Conversation } from '../peer/client';
import { loadSpecOrError } from '../load/load';
import type { Spec } from '../spec/types';
import { TargetPool } from '../targets/pool';
import { readShaperOf, sendPlanOf } from './apply-plan';
import { chunkPlanArbitrary, sendsOf } from './arbitrary';
import { CaseDelivery, CONFIRM_CAP_MS, unconfirmedSplit } from './delivery/delivery';
import type { DeliveryChoice, DeliveryMode, DeliveryReport } from './delivery/delivery';
import { describePlan, PLAIN_PLAN } from './plan';
import type { ChunkPlan } from './plan';
import type { LyingReport } from './lying/run-case';
import { replayArgsOf, replayCommand, replayPathError } from './replay';
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
  /** The timed gap between pieces where the other side cannot be observed. */
  readonly minGapMs?: number;
  /** `timed` forces timed gaps even where reads could be confirmed (default `auto`). */
  readonly delivery?: DeliveryChoice;
  /** The bound on waiting for one piece to be read (default CONFIRM_CAP_MS). */
  readonly confirmCapMs?: number;
  /** Cases at once (default: the spec's fuzz.parallel, else 1); shrinking and replay stay sequential. */
  readonly parallel?: number;
  readonly onProgress?: (p: FuzzProgress) => void;
  /** The replay command's options after the spec (default: `--target` and `--client` as given here). */
  readonly replayArgs?: string;
}

export interface FuzzFailure {
  readonly plan: ChunkPlan;
  /** The plan in words, with how each split was delivered. */
  readonly words: string;
  readonly path: string;
  readonly error: TcpspecError;
  /** Failed under fuzzing but passed each of the replays after it. */
  readonly flaky: boolean;
  /** A command line that replays exactly this case. */
  readonly replay: string;
  /** What crossed the wire in the failing run of this case. */
  readonly conversations: readonly Conversation[];
  /** Server role: how the client under test ended in the failing run of this case. */
  readonly client?: ClientResult;
  /** How the failing run's pieces reached the other side. */
  readonly delivery?: DeliveryReport;
  /** Some split's pieces could not be confirmed to arrive as separate reads: the case may not be what its words say. */
  readonly unconfirmed: boolean;
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
  /** How pieces were delivered in this run (as the first case found it), and why when timed. */
  readonly delivery?: {
    readonly mode: DeliveryMode;
    readonly why?: string;
    readonly capMs: number;
    readonly gapMs: number;
  };
  /** Cases run at once. */
  readonly parallel?: number;
  /** Lying lengths (`--fields`, `fuzz.fields`): every case and what happened (src/fuzz/lying/). */
  readonly lying?: LyingReport;
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

interface CaseRun {
  readonly result: SpecResult;
  readonly delivery: DeliveryReport;
}

/** Fuzzes a loaded spec. */
export async function fuzzSpec(spec: Spec, options: FuzzOptions = {}): Promise<FuzzResult> {
  const started = performance.now();
  const seed = chooseSeed(options.seed, spec.fuzz.seed);
  const runs = options.runs ?? spec.fuzz.runs;
  const parallel = options.path !== undefined ? 1 : (options.parallel ?? spec.fuzz.parallel ?? 1);
  const pool = options.pool ?? new TargetPool();
  const runOptions: RunOptions = {
    pool,
    ...(options.target ? { target: options.target } : {}),
    ...(options.listen ? { listen: options.listen } : {}),
    ...(options.shutdown ? { shutdown: options.shutdown } : {}),
    ...(options.client ? { client: options.client } : {}),
  };
  const sends = sendsOf(spec);
  const sendSteps = sends.map((s) => s.step);
  const sendFields = sends.map((s) => s.fields);
  let deliveryMode: FuzzResult['delivery'];
  const base = { file: spec.file, name: spec.name, seed, spec };
  const done = (fields: Partial<FuzzResult> & Pick<FuzzResult, 'status' | 'runs'>): FuzzResult => ({
    ...base,
    ok: fields.status === 'passed',
    durationMs: Math.round(performance.now() - started),
    ...(deliveryMode ? { delivery: deliveryMode } : {}),
    ...(parallel > 1 ? { parallel } : {}),
    ...fields,
  });
  const settings = {
    choice: options.delivery ?? 'auto',
    gapMs: options.minGapMs ?? SEPARATE_READ_GAP_MS,
    capMs: options.confirmCapMs ?? CONFIRM_CAP_MS,
  } as const;
  const runCase = async (plan: ChunkPlan): Promise<CaseRun> => {
    const delivery = new CaseDelivery(settings);
    const reader = readShaperOf(plan, delivery);
    const result = await runSpec(spec, {
      ...runOptions,
      peer: { plan: sendPlanOf(plan, delivery), ...(reader ? { reader } : {}) },
    });
    const report = delivery.report();
    deliveryMode ??= {
      mode: report.mode,
      ...(report.why !== undefined ? { why: report.why } : {}),
      capMs: report.capMs,
      gapMs: report.gapMs,
    };
    return { result, delivery: report };
  };
  const replayArgs = options.replayArgs ?? replayArgsOf(options);
  const failureOf = (
    plan: ChunkPlan,
    path: string,
    run: CaseRun,
    error: TcpspecError,
    flaky: boolean,
  ): FuzzFailure => ({
    plan,
    words: describePlan(plan, sendSteps, run.delivery, sendFields),
    path,
    error,
    flaky,
    replay: replayCommand(spec.file, seed, path, replayArgs),
    conversations: run.result.conversations,
    ...(run.result.client ? { client: run.result.client } : {}),
    delivery: run.delivery,
    unconfirmed: unconfirmedSplit(run.delivery),
  });

  try {
    if (parallel > 1 && spec.role === 'server' && (options.listen ?? spec.listen).port !== 0) {
      throw new UsageError(
        `${spec.file}: fuzz cases cannot run in parallel on the fixed listen port ${(options.listen ?? spec.listen).port}; use port 0 or parallel 1`,
      );
    }
    if (options.path === undefined) {
      const plain = await runCase(PLAIN_PLAN);
      const failure = plain.result.failure;
      if (failure?.exitStatus === 2) return done({ status: 'error', runs: 1, error: failure });
      if (failure)
        return done({ status: 'failed', runs: 1, failure: failureOf(PLAIN_PLAN, '', plain, failure, false) });
    }
    let calls = 0;
    let failures = 0;
    const progress = (shrinking: boolean): void =>
      options.onProgress?.({ file: spec.file, done: Math.min(calls, runs), total: runs, failures, shrinking });
    const arbitrary = chunkPlanArbitrary(spec, spec.fuzz);
    // Phase one, with parallel > 1: the same cases, in the same order, N at a time; the
    // first failing index is then replayed alone below, so the path stays exact.
    let startAt: string | undefined = options.path;
    let parallelFailure: { index: number; plan: ChunkPlan; run: CaseRun } | undefined;
    if (parallel > 1) {
      parallelFailure = await runConcurrently(arbitrary, seed, runs, parallel, async (plan) => {
        const run = await runCase(plan);
        calls += 1;
        if (run.result.failure) failures += 1;
        progress(false);
        return run;
      });
      if (!parallelFailure) return done({ status: 'passed', runs: runs + 1 });
      startAt = String(parallelFailure.index);
    }
    // Shrinking moves to each candidate that fails, so the last failing run is the shrunk case's.
    let lastFailing: CaseRun | undefined;
    const property = fc.asyncProperty(arbitrary, async (plan) => {
      const run = await runCase(plan);
      calls += 1;
      if (run.result.failure) {
        failures += 1;
        lastFailing = run;
      }
      progress(failures > 0);
      if (run.result.failure) throw run.result.failure;
    });
    let details: fc.RunDetails<[ChunkPlan]>;
    try {
      details = await fc.check(property, {
        seed,
        numRuns: runs,
        ...(startAt !== undefined ? { path: startAt } : {}),
        ...(options.path !== undefined ? { endOnFailure: true } : {}),
      });
    } catch (err) {
      throw replayPathError(err, options.path, spec.file, seed);
    }
    if (!details.failed) {
      if (!parallelFailure) return done({ status: 'passed', runs: details.numRuns + 1 });
      // Failed among parallel cases, passed alone from there on: reported, as flaky.
      const { index, plan, run } = parallelFailure;
      const error = run.result.failure!;
      if (error.exitStatus === 2) return done({ status: 'error', runs: index + 1, error });
      return done({ status: 'failed', runs: runs + 1, failure: failureOf(plan, String(index), run, error, true) });
    }
    if (!details.counterexample) {
      const why = details.interrupted ? 'the run was interrupted' : 'no case could be generated';
      throw new Error(`fast-check failed without a counterexample: ${why}`);
    }
    const [plan] = details.counterexample;
    const error = details.errorInstance instanceof TcpspecError ? details.errorInstance : lastFailing?.result.failure;
    if (!(error instanceof TcpspecError)) throw details.errorInstance;
    if (error.exitStatus === 2) return done({ status: 'error', runs: details.numRuns, error });
    // A failure that comes and goes between identical runs is called flaky
    // only if every replay passes.
    let reproduced = false;
    for (let i = 0; i < REPLAYS && !reproduced; i++) reproduced = (await runCase(plan)).result.failure !== undefined;
    const numRuns = parallelFailure ? parallelFailure.index + 1 : details.numRuns;
    return done({
      status: 'failed',
      runs: numRuns + 1,
      failure: failureOf(plan, details.counterexamplePath, lastFailing!, error, !reproduced),
    });
  } catch (err) {
    if (err instanceof UsageError) return done({ status: 'error', runs: 0, error: err });
    throw err;
  } finally {
    if (!options.pool) await pool.stopAll();
  }
}

/**
 * Generates the cases fc.check would (same arbitrary, seed and order) and
 * plays them `parallel` at a time; launching stops at the first failure.
 * Resolves with the lowest failing index: every case before it was played and
 * passed, so replaying from that index alone continues exactly where a
 * sequential run would have failed.
 */
async function runConcurrently(
  arbitrary: fc.Arbitrary<ChunkPlan>,
  seed: number,
  runs: number,
  parallel: number,
  play: (plan: ChunkPlan) => Promise<CaseRun>,
): Promise<{ index: number; plan: ChunkPlan; run: CaseRun } | undefined> {
  const playing = new Set<Promise<void>>();
  let first: { index: number; plan: ChunkPlan; run: CaseRun } | undefined;
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
          if (run.result.failure && (!first || i < first.index)) first = { index: i, plan, run };
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
