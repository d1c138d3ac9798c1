/**
 * `fuzzClient(spec, fn, options)`: fuzzes a client under test that is a
 * function of this process. Each case plays the spec's `role: server` steps
 * as a mock server with the replies cut, merged and delayed by the case's
 * plan, and calls `fn({ host, port })` against it; shrinking, seeds and
 * `{ seed, path }` replay work as for `tcpspec fuzz`.
 */
import { UsageError } from '../usage-error';
import { SpecError } from '../yaml/spec-error';
import { FuzzSession } from '../fuzz/fuzz-session';
import type { FuzzOptions, FuzzResult } from '../fuzz/fuzz-types';
import { ShutdownRegistry } from '../run/shutdown';
import { loadSpecOrError } from '../load/load';
import type { ListenAddress, Spec } from '../spec/types';
import { markInProcess } from './in-process-report';
import { trackOpen } from './open-mocks';
import { runClientFunction } from './run-client-function';
import type { ClientFunction } from './run-client-function';

export interface FuzzClientOptions extends Pick<
  FuzzOptions,
  'runs' | 'seed' | 'path' | 'parallel' | 'delivery' | 'minGapMs' | 'confirmCapMs' | 'onProgress' | 'root'
> {
  /** Overrides the spec's `listen:` (default: the spec's, usually 127.0.0.1 and a free port). */
  readonly listen?: ListenAddress;
  /** How long the function may take per case (default: the spec's `timeout`). */
  readonly timeoutMs?: number;
}

/** A spec given by path (loaded here) or already loaded. */
export type SpecInput = string | Spec;

/** Loads `input` when it is a path; a spec that does not load, or is not `role: server`, is a SpecError or UsageError. */
export function serverSpecOf(input: SpecInput, root?: string): Spec | SpecError | UsageError {
  const spec = typeof input === 'string' ? loadSpecOrError(input, root !== undefined ? { root } : {}) : input;
  if (spec instanceof SpecError) return spec;
  if (spec.role !== 'server')
    return new UsageError(
      `${spec.file}: a client function is tested against a mock server: the spec needs "role: server" (it plays the client role)`,
    );
  return spec;
}

/**
 * Fuzzes `fn` as the client under test of `spec`; resolves (never rejects
 * for a failure) with a FuzzResult for `expect(result).toPassSpec()`.
 * Nothing is left listening once it settles; under jest, a test that timed
 * out stops its fuzzing and closes its mock server in an afterEach hook.
 */
export async function fuzzClient(
  input: SpecInput,
  fn: ClientFunction,
  options: FuzzClientOptions = {},
): Promise<FuzzResult> {
  const spec = serverSpecOf(input, options.root);
  if (!('steps' in spec)) {
    const file = typeof input === 'string' ? input : input.file;
    return {
      file,
      name: file,
      status: 'error',
      ok: false,
      seed: options.seed ?? 0,
      runs: 0,
      durationMs: 0,
      error: spec,
    };
  }
  const shutdown = new ShutdownRegistry();
  const untrack = trackOpen(() => shutdown.stopAll());
  const file = JSON.stringify(spec.file);
  try {
    const session = new FuzzSession(spec, options, {
      play: (peer) =>
        runClientFunction(spec, fn, {
          peer,
          shutdown,
          ...(options.listen ? { listen: options.listen } : {}),
          ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        }),
      replay: (seed, path) =>
        path === ''
          ? `fuzzClient(${file}, fn, { runs: 0 }) plays only the plain exchange`
          : `fuzzClient(${file}, fn, { seed: ${seed}, path: ${JSON.stringify(path)} })`,
    });
    return markInProcess(await session.run());
  } finally {
    untrack();
  }
}
