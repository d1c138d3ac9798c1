/**
 * docs/testing-client-libraries.md runs as written: the packed package is
 * installed into an empty project by the page's own install command, every
 * file the page shows is written there, and every `npx jest` it shows runs:
 * the correct client passes, the one that reads a reply in one `data` event
 * fails with its smallest case and its own error (the lines the page prints),
 * and the replay of that case fails again. Stack frames in failures point at
 * files the package ships, with and without source maps applied.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const root = path.join(__dirname, '..', '..');
const DOC = path.join(root, 'docs', 'testing-client-libraries.md');

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(command: string, args: readonly string[], cwd: string, timeoutMs = 240_000): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, [...args], { cwd, timeout: timeoutMs, maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

interface Block {
  readonly lang: string;
  readonly body: string;
  /** The file it is, from its first line (`// name.js`, `# specs/name.yaml`). */
  readonly file?: string;
}

function blocksOf(markdown: string): Block[] {
  return [...markdown.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map(([, lang, body]) => {
    const file = /^(?:\/\/|#) ([\w./-]+\.(?:js|yaml))\n/.exec(body!)?.[1];
    return { lang: lang!, body: body!, ...(file ? { file } : {}) };
  });
}

interface JestJson {
  readonly numPassedTests: number;
  readonly numFailedTests: number;
  readonly testResults: readonly {
    readonly message: string;
    readonly assertionResults: readonly {
      readonly title: string;
      readonly status: string;
      readonly failureMessages: readonly string[];
    }[];
  }[];
}

/** Paths of the stack frames in `text` (`at fn (PATH:L:C)` and `at PATH:L:C`). */
function framePaths(text: string): string[] {
  return [...text.matchAll(/^\s+at (?:.*? \()?((?:\/|file:\/\/)[^():]+):\d+:\d+\)?$/gm)].map(([, p]) =>
    p!.replace(/^file:\/\//, ''),
  );
}

let work: string;
let project: string;
const blocks = blocksOf(fs.readFileSync(DOC, 'utf8'));
const jestRuns = new Map<string, JestJson>();

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpspec-client-doc-'));
  // A copy to pack: `prepare` rewrites dist/, which other tests may be running from.
  const stage = path.join(work, 'stage');
  for (const entry of fs.readdirSync(root)) {
    if (['node_modules', 'dist', '.git', 'bench'].includes(entry)) continue;
    fs.cpSync(path.join(root, entry), path.join(stage, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(stage, 'node_modules'));
  const packed = await run('npm', ['pack', '--json', '--pack-destination', work], stage);
  expect({ code: packed.code, stderr: packed.code === 0 ? '' : packed.stderr }).toEqual({ code: 0, stderr: '' });
  const json = JSON.parse(packed.stdout.slice(packed.stdout.indexOf('[\n'))) as { filename: string }[];
  const tarball = path.join(work, json[0]!.filename);

  project = path.join(work, 'project');
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'my-client', private: true }));
  for (const block of blocks) {
    if (block.file) {
      fs.mkdirSync(path.dirname(path.join(project, block.file)), { recursive: true });
      fs.writeFileSync(path.join(project, block.file), block.body);
    }
  }
  for (const block of blocks.filter((b) => b.lang === 'sh')) {
    for (const line of block.body.trim().split('\n')) {
      const [program, ...args] = line.split(' ');
      if (program === 'npm') {
        // The page's install, with the packed tarball for the name, from npm's cache.
        const installed = await run(
          'npm',
          [
            ...args.map((a) => (a === 'tcpspec' ? tarball : a)),
            '--prefer-offline',
            '--no-audit',
            '--no-fund',
            '--ignore-scripts',
          ],
          project,
        );
        expect({ line, code: installed.code, stderr: installed.code === 0 ? '' : installed.stderr }).toEqual({
          line,
          code: 0,
          stderr: '',
        });
      } else if (program === 'npx' && args[0] === 'jest') {
        // The project's jest is tcpspec's own (the fresh project installs none), plain JavaScript, no transform.
        const ran = await run(
          process.execPath,
          [
            require.resolve('jest/bin/jest'),
            '--rootDir',
            project,
            '--config',
            JSON.stringify({ testEnvironment: 'node', transform: {} }),
            '--ci',
            '--json',
            ...args.slice(1),
          ],
          project,
        );
        jestRuns.set(args.slice(1).join(' '), JSON.parse(ran.stdout) as JestJson);
      } else throw new Error(`the page shows a command this test does not run: ${line}`);
    }
  }
}, 600_000);

afterAll(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

const testsOf = (pattern: string) => jestRuns.get(pattern)!.testResults.flatMap((t) => t.assertionResults);

describe('docs/testing-client-libraries.md, in a fresh project', () => {
  it('runs every jest command the page shows', () => {
    expect([...jestRuns.keys()]).toEqual(['greeting-client', 'one-read-client', 'one-read-replay']);
  });

  it('passes the client that reads up to the newline, fuzzed and plain', () => {
    expect(testsOf('greeting-client').map((t) => [t.title, t.status])).toEqual([
      ['greet reads the greeting however the reply is cut', 'passed'],
      ['greet against one plain exchange', 'passed'],
    ]);
  });

  it('fails the client that reads in one data event with the lines the page prints', () => {
    const [only, ...rest] = testsOf('one-read-client');
    expect(rest).toEqual([]);
    expect(only!.status).toBe('failed');
    const message = only!.failureMessages.join('\n');
    const printed = blocks
      .find((b) => b.lang === 'text')!
      .body.trim()
      .split('\n');
    for (const line of printed)
      for (const fragment of line
        .split('…')
        .map((f) => f.trim())
        .filter((f) => f !== ''))
        expect({ line, found: message.includes(fragment) }).toEqual({ line, found: true });
  });

  it('replays the reported case from { seed, path }', () => {
    expect(testsOf('one-read-replay').map((t) => [t.title, t.status])).toEqual([
      ['the reported case of greetInOneRead, replayed', 'passed'],
    ]);
  });

  it("shows stack frames in files that exist, the package's own ones included", async () => {
    const message = testsOf('one-read-client')[0]!.failureMessages.join('\n');
    const frames = framePaths(message);
    expect(frames.some((f) => f.endsWith('one-read-client.js'))).toBe(true);
    expect(frames.filter((f) => !fs.existsSync(f))).toEqual([]);
    // An error thrown inside the package, with Node's source maps on: frames map to its TypeScript, which it ships.
    const script = [
      "const { mockServer } = require('tcpspec');",
      "mockServer(require.resolve('tcpspec/package.json').replace('package.json', 'specs/seeds/echo.yaml'))",
      '  .catch((err) => console.log(err.stack));',
    ].join('\n');
    const mapped = await run(process.execPath, ['--enable-source-maps', '-e', script], project);
    const own = framePaths(mapped.stdout).filter((f) =>
      f.includes(`${path.sep}node_modules${path.sep}tcpspec${path.sep}`),
    );
    expect(own.some((f) => f.endsWith('.ts'))).toBe(true);
    expect(own.filter((f) => !fs.existsSync(f))).toEqual([]);
  });
});
