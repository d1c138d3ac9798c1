/**
 * `describeSpecs(paths, options)`: one jest test per spec file under
 * `paths` (files or folders, `suite:NAME` too), each failing with the human
 * report of its spec; with `fuzz: { runs }`, each test fuzzes its spec.
 */
import { builtinCatalog } from '../cli/catalog';
import { fuzzSpecFile } from '../fuzz/fuzz-spec';
import { findSpecs } from '../run/discover';
import { runSpecFile } from '../run/run-spec';
import type { TargetCatalog } from '../targets/pool';
import { TargetPool } from '../targets/pool';
import type { TargetAddress } from '../targets/target';
import { humanReport } from './matcher';
import * as path from 'node:path';

export interface DescribeSpecsOptions {
  /** The server under test, overriding each spec's `target:`. */
  readonly target?: TargetAddress;
  /** The named targets specs may use; default: tcpspec's own (embedded fixtures and container servers). */
  readonly catalog?: TargetCatalog;
  /** Fuzz each spec instead of replaying it once. */
  readonly fuzz?: { readonly runs?: number; readonly seed?: number };
  /** Jest's timeout for each test, in ms (default 60 s, 300 s when fuzzing). */
  readonly timeoutMs?: number;
  /** The describe block's title (default: `tcpspec` and the paths). */
  readonly title?: string;
}

/** What describeSpecs needs of jest: its globals. */
interface JestGlobals {
  readonly describe: (name: string, body: () => void) => void;
  readonly it: (name: string, body: () => Promise<void>, timeout?: number) => void;
  readonly beforeAll: (body: () => Promise<void>) => void;
  readonly afterAll: (body: () => Promise<void>) => void;
}

function jestGlobals(): JestGlobals {
  const g = globalThis as Partial<JestGlobals>;
  if (!g.describe || !g.it || !g.beforeAll || !g.afterAll)
    throw new Error('describeSpecs registers jest tests: call it from a jest test file');
  return g as JestGlobals;
}

/** Registers one test per spec; call it at the top level of a jest test file. */
export function describeSpecs(paths: readonly string[], options: DescribeSpecsOptions = {}): void {
  const { describe, it, beforeAll, afterAll } = jestGlobals();
  const specs = findSpecs(paths);
  const fuzz = options.fuzz;
  const timeout = options.timeoutMs ?? (fuzz ? 300_000 : 60_000);
  let pool: TargetPool | undefined;
  describe(options.title ?? `tcpspec ${fuzz ? 'fuzz' : 'run'} ${paths.join(' ')}`, () => {
    beforeAll(async () => {
      pool = new TargetPool(options.catalog ?? (await builtinCatalog()));
    });
    afterAll(async () => {
      await pool?.stopAll();
    });
    for (const { file, root } of specs) {
      const shared = { ...(options.target ? { target: options.target } : {}), root };
      it(
        path.relative(process.cwd(), file) || file,
        async () => {
          const poolNow = pool ?? new TargetPool(options.catalog);
          const result = fuzz
            ? await fuzzSpecFile(file, {
                ...shared,
                pool: poolNow,
                ...(fuzz.runs !== undefined ? { runs: fuzz.runs } : {}),
                ...(fuzz.seed !== undefined ? { seed: fuzz.seed } : {}),
              })
            : await runSpecFile(file, { ...shared, pool: poolNow });
          // The human report is the message: the same lines `tcpspec run` or `tcpspec fuzz` prints.
          if (result.status !== 'passed') throw new SpecFailure(humanReport(result));
        },
        timeout,
      );
    }
  });
}

/** A spec that did not pass, in a jest test; its message is the human report. */
export class SpecFailure extends Error {
  override readonly name = 'SpecFailure';
}
