/**
 * smtp.matrix.yaml, http.matrix.yaml and dns.matrix.yaml hold what the implementations were
 * found to differ in. This checks each file against the real servers, cell by
 * cell, as `tcpspec matrix` would judge it: a spec listed in an
 * implementation's expect_fail must fail there, every other spec must pass.
 * (The matrix command itself is the CLI's; this keeps the files true.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { containerProviders, stopAllContainers } from '../../src/containers';
import { findSpecFiles } from '../../src/run/discover';
import { runSpecFile } from '../../src/run/run-spec';
import { TargetPool } from '../../src/targets/pool';

const ROOT = join(__dirname, '..', '..');

interface MatrixFile {
  readonly specs: string;
  readonly implementations: Record<string, { target: string; expect_fail?: Record<string, string> }>;
}

function cells(file: string): [string, string, string, string | undefined][] {
  const matrix = parse(readFileSync(join(ROOT, file), 'utf8')) as MatrixFile;
  const specsDir = join(ROOT, matrix.specs);
  const specs = findSpecFiles([specsDir]).map((f) => f.slice(specsDir.length + 1));
  for (const impl of Object.values(matrix.implementations))
    for (const listed of Object.keys(impl.expect_fail ?? {})) expect(specs).toContain(listed);
  return Object.entries(matrix.implementations).flatMap(([name, impl]) =>
    specs.map((spec): [string, string, string, string | undefined] => [
      name,
      impl.target,
      join(specsDir, spec),
      impl.expect_fail?.[spec],
    ]),
  );
}

describe.each(['smtp.matrix.yaml', 'http.matrix.yaml', 'dns.matrix.yaml'])('%s against the real servers', (file) => {
  const pool = new TargetPool({ servers: containerProviders, clients: [] });
  afterAll(async () => {
    await pool.stopAll();
    await stopAllContainers();
  });

  it.each(cells(file))('%s (%s): %s', async (_name, target, spec, expectedFailure) => {
    const started = await pool.start(target);
    const result = await runSpecFile(spec, { pool, target: { host: started.host, port: started.port } });
    if (expectedFailure === undefined) {
      expect(result.failure?.message).toBeUndefined();
      expect(result.ok).toBe(true);
    } else {
      // Listed as a known difference: it must still fail, or the file is stale.
      expect(result.ok).toBe(false);
    }
  });
});
