/**
 * Ctrl-C (SIGINT) and SIGTERM during `tcpspec run`: everything the command
 * started is stopped (listening mock servers, fixture processes), the results
 * so far and the closing line counting what ran are printed, and the exit
 * status is 130.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { lastLine, startCli } from './cli-io';
import { rawServer } from './raw-server';

const ROOT = path.join(__dirname, '..', '..');

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpspec-interrupt-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

async function until(what: string, done: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Resolves with the connection's error code, or 'connected'. */
function tryConnect(port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => {
      s.destroy();
      resolve('connected');
    });
    s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

const PASSING = 'name: echo answers\ntarget: echo\nsteps:\n  - send: "hi"\n  - expect: "hi"\n  - close\n';
const WAITING_MOCK =
  'name: a mock that waits\nrole: server\nsteps:\n  - expect: "hello"\n  - silence: 30s\n  - send: "never"\n';

describe.each(['SIGINT', 'SIGTERM'] as const)('%s during tcpspec run', (signal) => {
  it('stops the listening mock server, prints what ran and the closing line, and exits 130', async () => {
    const run = startCli(['run', write('a-pass.yaml', PASSING), write('b-wait.yaml', WAITING_MOCK)]);
    await until('the mock server announcing its port', () => /listening on 127\.0\.0\.1:\d+/.test(run.err()));
    const port = Number(/listening on 127\.0\.0\.1:(\d+)/.exec(run.err())![1]);
    const client = net.connect(port, '127.0.0.1', () => client.write('hello'));
    client.on('error', () => undefined);
    const closed = new Promise<void>((resolve) => client.on('close', () => resolve()));
    // The mock has read "hello" and sits in its 30 s silence.
    await new Promise((r) => setTimeout(r, 300));

    process.emit(signal);
    const r = await run.done;
    expect(r.status).toBe(130);
    expect(r.out).toMatch(/^PASS .*a-pass\.yaml/m);
    expect(r.out).toContain(`interrupted by ${signal}: everything started was stopped; 1 spec not finished: `);
    expect(lastLine(r.out)).toBe('1 passed, 0 failed');
    // Stopped by the interrupt, not by the end of this process: the port is closed while we still run.
    await closed;
    expect(await tryConnect(port)).toBe('ECONNREFUSED');
    expect(process.listenerCount(signal)).toBe(0);
  });
});

describe('SIGINT during tcpspec fuzz', () => {
  it('says how many fuzz cases of the stopped spec had run', async () => {
    const server = await rawServer((s) => s.on('data', (d) => s.write(d)));
    try {
      const spec = write('echo.yaml', 'name: echo\nsteps:\n  - send: "hello"\n  - expect: "hello"\n  - close\n');
      const run = startCli(['fuzz', spec, '--target', `127.0.0.1:${server.port}`, '--runs', '100000', '--seed', '1']);
      // The plain run and at least two generated cases have connected.
      await until('three fuzz cases connecting', () => server.sockets.length >= 3);
      process.emit('SIGINT');
      const r = await run.done;
      expect(r.status).toBe(130);
      const m = /1 spec not finished: .*echo\.yaml \((\d+) of 100000 fuzz cases had run\)$/m.exec(r.out);
      expect(m).not.toBeNull();
      expect(Number(m![1])).toBeGreaterThanOrEqual(1);
      expect(lastLine(r.out)).toBe('0 passed, 0 failed');
    } finally {
      await server.close();
    }
  });
});

describe('Ctrl-C sent to a tcpspec process', () => {
  it('exits 130 with the summary, and leaves no fixture process behind', async () => {
    const waiting = write(
      'b-wait.yaml',
      'name: waits on a Python fixture\ntarget: slow-line-echo\nsteps:\n  - send: "hello\\n"\n  - expect: "hello\\n"\n  - silence: 30s\n',
    );
    const child = spawn(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-e',
        "require('./src/cli/main').runAsProcess(process.argv.slice(1))",
        'run',
        write('a-pass.yaml', PASSING),
        waiting,
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const children = (): number[] =>
      fs
        .readdirSync('/proc')
        .filter((p) => /^\d+$/.test(p))
        .filter((p) => {
          try {
            return fs.readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ')[1] === String(child.pid);
          } catch {
            return false;
          }
        })
        .map(Number);
    await until(
      'the first spec passing and the Python fixture starting',
      () => out.includes('PASS') && children().length > 0,
      30_000,
    );
    const fixtures = children();
    await new Promise((r) => setTimeout(r, 500));

    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(lastLine(out)).toBe('1 passed, 0 failed');
    expect(out).toContain('interrupted by SIGINT');
    for (const pid of fixtures) expect(fs.existsSync(`/proc/${pid}`)).toBe(false);
  }, 40_000);
});
