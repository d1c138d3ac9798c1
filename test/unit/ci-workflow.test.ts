import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { parseJUnit } from '../support/junit-xml';
import { cli } from './cli-io';

const WORKFLOW = path.join(__dirname, '../../docs/ci/github-actions.yml');

interface Workflow {
  readonly jobs: Record<
    string,
    {
      readonly env: Record<string, string>;
      readonly steps: readonly { readonly run?: string; readonly with?: Record<string, string> }[];
    }
  >;
}

/** The `npx tcpspec ...` command lines of the workflow, split into words, with `$VAR` / `"$VAR"` filled from `env`. */
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
        .map((word) =>
          word.replace(/^"(.*)"$/, '$1').replace(/\$([A-Z_]+)/g, (_m, name: string) => env[name] ?? `$${name}`),
        ),
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
