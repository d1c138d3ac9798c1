/**
 * What `npm pack` ships is what a user runs: no tests, no local manifests,
 * the fixtures compiled. The packed tarball is installed into a fresh
 * project, whose `npx tcpspec run` replays a seed spec and whose jest test
 * runs specs through `tcpspec/jest`. The install prints no engine warning on
 * Node 20 and brings no container machinery (testcontainers is an optional
 * peer, asked for by name when a container target is used).
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[], cwd: string, timeoutMs = 180_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, [...args], { cwd, timeout: timeoutMs, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

let work: string;
let tarball: string;
let files: string[];

/**
 * A copy of the project to pack: `npm pack` runs `prepare`, which rewrites
 * dist/, and other test files run the CLI from the project's own dist/ at the
 * same time (a file half rewritten once failed 14 specs there). The copy
 * builds its own.
 */
function stagedCopy(into: string): string {
  const stage = path.join(into, 'stage');
  for (const entry of fs.readdirSync(root)) {
    if (['node_modules', 'dist', '.git', 'bench'].includes(entry)) continue;
    fs.cpSync(path.join(root, entry), path.join(stage, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(stage, 'node_modules'));
  return stage;
}

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpspec-pack-'));
  const packed = await run('npm', ['pack', '--json', '--pack-destination', work], stagedCopy(work));
  expect({ code: packed.code, stderr: packed.code === 0 ? '' : packed.stderr }).toEqual({ code: 0, stderr: '' });
  // `prepare` (the build) prints to stdout before npm's JSON.
  const json = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('[\n'))) as {
    filename: string;
    files: { path: string }[];
  }[];
  tarball = path.join(work, json[0]!.filename);
  files = json[0]!.files.map((f) => f.path);
}, 240_000);

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

describe('npm pack', () => {
  it('ships no tests, test helpers or local build manifests', () => {
    expect(files.filter((f) => /\.test\.|__tests__|\.images\.json$|tsbuildinfo/.test(f))).toEqual([]);
  });

  it('ships the fixtures compiled, with only their Python scripts as sources', () => {
    expect(files).toContain('dist/fixtures/index.js');
    expect(files.filter((f) => f.startsWith('fixtures/') && !f.endsWith('.py'))).toEqual([]);
  });

  it('ships the CLI, both entry points, the schema and the docker build folders', () => {
    for (const f of [
      'bin/tcpspec.js',
      'dist/src/index.js',
      'dist/src/index.d.ts',
      'dist/src/jest/index.js',
      'dist/src/jest/index.d.ts',
      'schema/tcpspec.schema.json',
      'docker/provision.sh',
      'docker/redis/Dockerfile',
      'specs/seeds/echo.yaml',
    ])
      expect(files).toContain(f);
  });

  it('installs into a fresh project where npx tcpspec run and a jest test through tcpspec/jest pass', async () => {
    const project = path.join(work, 'project');
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    // As a user installs it (npm 11 runs no dependency's install script unless allowed).
    const installed = await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], project);
    expect({ code: installed.code, stderr: installed.code === 0 ? '' : installed.stderr }).toEqual({
      code: 0,
      stderr: '',
    });
    expect(installed.stderr).not.toMatch(/EBADENGINE|Unsupported engine/);
    // Loopback testing needs no container machinery.
    for (const pkg of ['testcontainers', 'dockerode', 'ssh2'])
      expect(fs.existsSync(path.join(project, 'node_modules', pkg))).toBe(false);
    // koffi loads from its prebuilt binary package, without its install script.
    const koffi = await run(process.execPath, ['-e', "process.stdout.write(typeof require('koffi').load)"], project);
    expect(koffi.stdout).toBe('function');

    // A container target without testcontainers says what to install.
    const redis = path.join('node_modules', 'tcpspec', 'specs', 'redis', 'ping.yaml');
    const container = await run('npx', ['--no-install', 'tcpspec', 'run', redis], project);
    expect(container.code).toBe(2);
    expect(container.stdout).toContain('npm install --save-dev testcontainers@11');

    const seed = path.join('node_modules', 'tcpspec', 'specs', 'seeds', 'echo.yaml');
    const cli = await run('npx', ['--no-install', 'tcpspec', 'run', seed], project);
    expect({ code: cli.code, last: cli.stdout.trim().split('\n').pop() }).toEqual({
      code: 0,
      last: '1 passed, 0 failed',
    });

    // A user's test: the README's jest example word for word, in a project with the seed specs at specs/seeds.
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const example = /## From your own jest tests[\s\S]*?```js\n([\s\S]*?)```/.exec(readme);
    expect(example).not.toBeNull();
    fs.cpSync(path.join(project, 'node_modules', 'tcpspec', 'specs', 'seeds'), path.join(project, 'specs', 'seeds'), {
      recursive: true,
    });
    fs.writeFileSync(path.join(project, 'specs.test.js'), example![1]!);
    const jest = await run(
      process.execPath,
      [
        require.resolve('jest/bin/jest'),
        '--rootDir',
        project,
        '--config',
        JSON.stringify({ testEnvironment: 'node', transform: {} }),
        '--ci',
        '--json',
      ],
      project,
    );
    const report = JSON.parse(jest.stdout) as {
      numPassedTests: number;
      numFailedTests: number;
      testResults: { message: string }[];
    };
    expect({
      passed: report.numPassedTests,
      failed: report.numFailedTests,
      why: report.testResults[0]?.message,
    }).toEqual({ passed: 3, failed: 0, why: '' });
  }, 300_000);
});
