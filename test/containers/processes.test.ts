/**
 * Containers never collide or linger (issue 12 item 4), proved with the CLI
 * as separate processes: two runs of one collection at once on one host,
 * an interrupted run, and a run that finds the containers of a killed one.
 */
import { execFile, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ownerAlive } from '../../src/containers';
import { lastLine, ROOT, startTcpspec, type CliProcess } from './cli-processes';
import { containersOfPid } from './list-containers';

const RUN_TIMEOUT_MS = 120_000;
const REDIS_SPECS = readdirSync(join(ROOT, 'specs', 'redis')).filter((f) => f.endsWith('.yaml')).length;

function redisTag(): string {
  const tags = JSON.parse(readFileSync(join(ROOT, 'docker', '.images.json'), 'utf8')) as Record<string, string>;
  return tags.redis!;
}

function docker(args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('docker', args, { timeout: 30_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`docker ${args.join(' ')}: ${stderr.trim() || error.message}`));
      else resolve(stdout.trim());
    });
  });
}

/** A container that is never started, labelled as tcpspec's and owned by `pid` on `host`. */
function createOwned(pid: number, start: string, host = hostname()): Promise<string> {
  return docker([
    'create',
    ...['--label', 'tcpspec=1', '--label', `tcpspec.run=${pid}-test`, '--label', `tcpspec.pid=${pid}`],
    ...['--label', `tcpspec.pid-start=${start}`, '--label', `tcpspec.host=${host}`],
    redisTag(),
  ]);
}

async function exists(id: string): Promise<boolean> {
  return (await docker(['ps', '-aq', '--no-trunc', '--filter', `id=${id}`])) !== '';
}

/** Resolves once a container started by `run` is running (polled; bounded). */
async function containerRunning(run: CliProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await containersOfPid(run.pid, true)).length === 0) {
    if (Date.now() > deadline) throw new Error(`no container of pid ${run.pid} ran within ${timeoutMs}ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The `tcpspec.ports` label of each run's container, read at a moment when both are running. */
async function portsWhileBothRun(runs: readonly CliProcess[], timeoutMs = 60_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const listed = await docker([
      ...['ps', '--filter', 'label=tcpspec=1', '--filter', 'status=running'],
      ...['--format', '{{.Label "tcpspec.pid"}} {{.Label "tcpspec.ports"}}'],
    ]);
    const ports = new Map(listed.split('\n').map((line) => line.split(' ') as [string, string]));
    const held = runs.map((r) => ports.get(String(r.pid)));
    if (held.every((p) => p !== undefined)) return held;
    if (Date.now() > deadline) throw new Error(`the two runs never held a running container at once:\n${listed}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A pid that no process has now: one that has just exited. */
function deadPid(): number {
  const gone = spawnSync('true');
  expect(ownerAlive(gone.pid, '')).toBe(false);
  return gone.pid;
}

describe('tcpspec runs as processes, each with containers of its own', () => {
  it(
    'two `tcpspec run specs/redis` started at once both pass',
    async () => {
      const runs = [startTcpspec(['run', 'specs/redis']), startTcpspec(['run', 'specs/redis'])];
      const exited = await Promise.all(runs.map((r) => r.exited(RUN_TIMEOUT_MS)));
      for (const r of exited) {
        expect(r.err).toBe('');
        expect(lastLine(r.out)).toBe(`${REDIS_SPECS} passed, 0 failed`);
        expect(r.status).toBe(0);
      }
      for (const r of runs) expect(await containersOfPid(r.pid)).toEqual([]);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    '`tcpspec run specs/redis` passes while another run holds a Redis container of its own',
    async () => {
      // A long fuzz run holds its container for the whole test, so the two surely overlap.
      const holder = startTcpspec(['fuzz', 'specs/redis/ping.yaml', '--runs', '1000000', '--seed', '1']);
      try {
        await containerRunning(holder);
        const run = startTcpspec(['run', 'specs/redis']);
        const ports = await portsWhileBothRun([holder, run]);
        const [held, mine] = ports.map((p) => new Set(p.split(',').map((kv) => kv.split('=')[1])));
        expect(held!.size).toBe(2); // PORT and TLS_PORT
        expect(mine!.size).toBe(2);
        expect([...held!].filter((port) => mine!.has(port))).toEqual([]);
        const r = await run.exited(RUN_TIMEOUT_MS);
        expect(r.err).toBe('');
        expect(lastLine(r.out)).toBe(`${REDIS_SPECS} passed, 0 failed`);
        expect(r.status).toBe(0);
        expect(await containersOfPid(run.pid)).toEqual([]);
        expect(await containersOfPid(holder.pid, true)).toHaveLength(1);
      } finally {
        holder.child.kill('SIGKILL');
        await holder.exited(10_000);
        const left = await containersOfPid(holder.pid);
        if (left.length > 0) await docker(['rm', '-f', ...left]);
      }
    },
    RUN_TIMEOUT_MS,
  );

  // The CLI's signal handling stops the target pool, whose last lease removes the container.
  it.each(['SIGINT', 'SIGTERM'] as const)(
    'a run stopped with %s exits 130 and leaves no container',
    async (signal) => {
      const run = startTcpspec(['fuzz', 'specs/redis', '--runs', '100000', '--seed', '1']);
      await containerRunning(run);
      run.child.kill(signal);
      const r = await run.exited(30_000);
      expect(lastLine(r.out)).toMatch(/^\d+ passed, \d+ failed/);
      expect(r.status).toBe(130);
      expect(await containersOfPid(run.pid)).toEqual([]);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'a process that exits while its container runs leaves no container',
    async () => {
      // What the CLI does after stopping on a signal, without stopping first: only the exit hook is left.
      const script = [
        "const { containerProviders } = require('./dist/src/containers');",
        "containerProviders.find((p) => p.name === 'redis').start()",
        '  .then((t) => { console.log(`started ${t.port}`); process.exit(130); });',
      ].join('\n');
      const child = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
      expect(child.stderr).toBe('');
      expect(child.stdout).toMatch(/^started \d+$/m);
      expect(child.status).toBe(130);
      expect(await containersOfPid(child.pid)).toEqual([]);
    },
    RUN_TIMEOUT_MS,
  );

  it(
    'a new run removes the containers of runs whose process is gone, and only those',
    async () => {
      const gone = await createOwned(deadPid(), '');
      const reusedPid = await createOwned(process.pid, 'not-the-start-time-of-this-process');
      const live = await createOwned(
        process.pid,
        readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ')[19]!,
      );
      const otherHost = await createOwned(deadPid(), '', 'another-host.tcpspec.test');
      try {
        const r = await startTcpspec(['run', 'specs/redis/ping.yaml']).exited(RUN_TIMEOUT_MS);
        expect(lastLine(r.out)).toBe('1 passed, 0 failed');
        expect(await exists(gone)).toBe(false);
        expect(await exists(reusedPid)).toBe(false);
        expect(await exists(live)).toBe(true);
        expect(await exists(otherHost)).toBe(true);
      } finally {
        await docker(['rm', '-f', gone, reusedPid, live, otherHost]);
      }
    },
    RUN_TIMEOUT_MS,
  );
});
