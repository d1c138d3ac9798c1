import { join, relative } from 'node:path';
import { RUN_ID, containerProviders, stopAllContainers } from '../../src/containers';
import { fuzzSpecFile } from '../../src/fuzz/fuzz-spec';
import { findSpecFiles } from '../../src/run/discover';
import { runSpecFile } from '../../src/run/run-spec';
import { TargetPool } from '../../src/targets/pool';
import { listContainers } from './list-containers';

const ROOT = join(__dirname, '..', '..');
/** Cases per spec in the fuzz pass; the seed is fixed so a failure replays (TCPSPEC_SEED overrides). */
const FUZZ_RUNS = Number(process.env.TCPSPEC_CONTAINER_FUZZ_RUNS ?? 10);
const FUZZ_SEED = Number(process.env.TCPSPEC_SEED ?? 20251122);
/** A failing fuzz case is shrunk, which replays it many times: allow for that. */
const FUZZ_TIMEOUT_MS = 180_000;

export interface SuiteOptions {
  /** Specs (file names) not fuzzed, each with the reason. */
  readonly noFuzz?: Readonly<Record<string, string>>;
  /** The fewest specs the folder must hold (default 6). */
  readonly minSpecs?: number;
}

/**
 * Runs every spec under specs/<server>/ against the real server in its
 * container, then fuzzes them, then checks that the containers this file
 * started are gone. One file per server, so `--shard` spreads servers.
 */
export function describeServerSpecs(server: string, options: SuiteOptions = {}): void {
  const files = findSpecFiles([join(ROOT, 'specs', server)]).map((f) => relative(ROOT, f));
  // Containers only: these tests must not depend on the embedded fixtures.
  const pool = new TargetPool({ servers: containerProviders, clients: [] });

  describe(`specs/${server} against the real server in a container`, () => {
    afterAll(async () => {
      await pool.stopAll();
      await stopAllContainers();
    });

    const minSpecs = options.minSpecs ?? 6;
    it(`has at least ${minSpecs} specs`, () => {
      expect(files.length).toBeGreaterThanOrEqual(minSpecs);
    });

    it.each(files)('%s passes', async (file) => {
      const result = await runSpecFile(join(ROOT, file), { pool });
      expect(result.failure?.message).toBeUndefined();
      expect(result.ok).toBe(true);
    });

    const fuzzed = files.filter((f) => !options.noFuzz?.[f.split('/').pop()!]);
    it.each(fuzzed)(
      `%s passes ${FUZZ_RUNS} fuzzed chunkings`,
      async (file) => {
        const result = await fuzzSpecFile(join(ROOT, file), { pool, runs: FUZZ_RUNS, seed: FUZZ_SEED });
        expect(result.error?.message).toBeUndefined();
        expect(
          result.failure && `${result.failure.words}: ${result.failure.error.message}\n${result.failure.replay}`,
        ).toBeUndefined();
        expect(result.ok).toBe(true);
      },
      FUZZ_TIMEOUT_MS,
    );

    it('stops and removes every container it started', async () => {
      await pool.stopAll();
      await stopAllContainers();
      expect(await listContainers(RUN_ID)).toEqual([]);
    });
  });
}
