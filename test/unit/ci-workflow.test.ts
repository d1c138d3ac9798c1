import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { parseJUnit } from '../support/junit-xml';
import { cli } from './cli-io';

const WORKFLOW = path.join(__dirname, '../../docs/ci/github-actions.yml');
const SHARDED = path.join(__dirname, '../../docs/ci/github-actions-sharded.yml');

interface Workflow {
  readonly jobs: Record<
    string,
    {
      readonly env: Record<string, string>;
      readonly strategy?: { readonly matrix: { readonly shard: readonly number[] } };
      readonly steps: readonly { readonly run?: string; readonly with?: Record<string, string> }[];
    }
  >;
}

/**
 * The `npx tcpspec ...` command lines of the workflow, split into words as the
 * shell does: `"$VAR"` is one word, an unquoted `$VAR` as many words as its
 * value has (the values here hold no quotes).
 */
function tcpspecCommands(workflow: Workflow, env: Record<string, string>): string[][] {
  const job = workflow.jobs.tcpspec!;
  return job.steps
    .flatMap((s) => (s.run ?? '').split('\n'))
    .filter((line) => line.trim().startsWith('npx tcpspec '))
    .map((line) =>
      line
        .trim()
        .slice('npx tcpspec '.length)
        .split(/\s+/)
        .flatMap((word) => {
          const quoted = /^"(.*)"$/.exec(word);
          const filled = (quoted ? quoted[1]! : word).replace(
            /\$([A-Z_]+)/g,
            (_m, name: string) => env[name] ?? `$${name}`,
          );
          return quoted ? [filled] : filled.split(/\s+/);
        }),
    );
}

let server: net.Server;
let reports: string;
beforeAll(async () => {
  // The workflow's stand-in server, embedded.
  server = net.createServer((s) => {
    s.on('error', () => undefined);
    s.pipe(s);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  reports = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpspec-ci-'));
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  fs.rmSync(reports, { recursive: true, force: true });
});

describe('the GitHub Actions example', () => {
  it('runs green against an embedded server, and leaves a JUnit report that parses and an uploaded path that holds it', async () => {
    const workflow = parse(fs.readFileSync(WORKFLOW, 'utf8')) as Workflow;
    const env = {
      ...workflow.jobs.tcpspec!.env,
      TARGET: `127.0.0.1:${(server.address() as net.AddressInfo).port}`,
      REPORTS: reports,
    };
    const commands = tcpspecCommands(workflow, env);
    expect(commands.map((c) => c[0])).toEqual(['validate', 'run']);

    for (const argv of commands) {
      const r = await cli(argv);
      expect({ argv, status: r.status, out: r.out, err: r.err }).toMatchObject({ status: 0 });
    }

    const junit = path.join(reports, 'tcpspec-junit.xml');
    const xml = fs.readFileSync(junit, 'utf8');
    const doc = parseJUnit(xml);
    expect(doc.testsuites).toMatchObject({ tests: '2', failures: '0', errors: '0' });
    expect(fs.readdirSync(path.join(reports, 'transcripts'), { recursive: true }).length).toBeGreaterThan(0);

    // The upload and report steps point at what the run step wrote.
    const uses = workflow.jobs.tcpspec!.steps.filter(
      (s) => s.with?.path !== undefined || s.with?.report_paths !== undefined,
    );
    expect(uses.map((s) => s.with!.path ?? s.with!.report_paths)).toEqual([
      `${workflow.jobs.tcpspec!.env.REPORTS}/`,
      `${workflow.jobs.tcpspec!.env.REPORTS}/tcpspec-junit.xml`,
    ]);
  });
});

describe('the sharded GitHub Actions example', () => {
  it('runs every spec file in exactly one shard, and each shard keeps its own JUnit and HTML report', async () => {
    const workflow = parse(fs.readFileSync(SHARDED, 'utf8')) as Workflow;
    const job = workflow.jobs.tcpspec!;
    const shards = job.strategy!.matrix.shard;
    expect(shards).toEqual([1, 2, 3]);
    expect(job.env.SHARDS).toBe(shards.length);
    const names: string[] = [];
    for (const shard of shards) {
      const env = {
        ...job.env,
        SHARD: String(shard),
        SHARDS: String(job.env.SHARDS),
        TARGET: `127.0.0.1:${(server.address() as net.AddressInfo).port}`,
        REPORTS: reports,
      };
      const commands = tcpspecCommands(workflow, env);
      expect(commands.map((c) => c[0])).toEqual(['run']);
      const r = await cli(commands[0]!);
      expect({ shard, status: r.status, out: r.out, err: r.err }).toMatchObject({ status: 0 });

      const xml = fs.readFileSync(path.join(reports, `junit-${shard}.xml`), 'utf8');
      names.push(...parseJUnit(xml).testsuites.testsuite.flatMap((s) => s.testcase.map((c) => c.file ?? '')));
      const html = fs.readFileSync(path.join(reports, `report-${shard}.html`), 'utf8');
      expect(html).toContain(`shard ${shard}/3`);
    }
    // The collection, exactly once over the shards.
    const collection = job.env.SPECS!.split(' ');
    expect([...names].sort()).toEqual([...collection].sort());

    // Every shard's artifact has its own name, and the results job reads them all.
    const upload = job.steps.find((s) => s.with?.name !== undefined)!;
    expect(upload.with!.name).toBe('tcpspec-reports-${{ matrix.shard }}');
    const results = workflow.jobs.results!.steps.map((s) => s.with ?? {});
    expect(results).toContainEqual(expect.objectContaining({ pattern: 'tcpspec-reports-*', 'merge-multiple': true }));
    expect(results).toContainEqual(expect.objectContaining({ report_paths: 'reports/junit-*.xml' }));
  });
});
