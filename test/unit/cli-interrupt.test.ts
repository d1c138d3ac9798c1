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
import { within } from '../support/within';
import { witness } from '../support/witness';
import type { Witness } from '../support/witness';
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
/** Says "in silence" once it has read "hello", then waits 30 s. */
const WAITING_MOCK =
  'name: a mock that waits\nrole: server\nsteps:\n  - expect: "hello"\n  - send: "in silence"\n  - silence: 30s\n  - send: "never"\n';

/** A client of `port` that wrote `hello`: the first bytes it received, all of them, and its close. */
function connectAndSay(
  port: number,
  hello: string,
): { firstReply: Promise<string>; received: () => string; closed: Promise<void> } {
  let received = '';
  const client = net.connect(port, '127.0.0.1', () => client.write(hello));
  client.on('error', () => undefined);
  client.on('data', (d: Buffer) => (received += d.toString()));
  return {
    firstReply: new Promise((resolve) => client.once('data', (d: Buffer) => resolve(d.toString()))),
    received: () => received,
    closed: new Promise((resolve) => client.on('close', () => resolve())),
  };
}

describe.each(['SIGINT', 'SIGTERM'] as const)('%s during tcpspec run', (signal) => {
  it('stops the listening mock server, prints what ran and the closing line, and exits 130', async () => {
    const run = startCli(['run', write('a-pass.yaml', PASSING), write('b-wait.yaml', WAITING_MOCK)]);
    const port = Number((await run.printed(/listening on 127\.0\.0\.1:(\d+)/, { on: 'err' }))[1]);
    const client = connectAndSay(port, 'hello');
    expect(await within(30_000, 'the mock reading "hello" and entering its silence', client.firstReply)).toBe(
      'in silence',
    );

    process.emit(signal);
    const r = await run.done;
    expect(r.status).toBe(130);
    expect(r.out).toMatch(/^PASS .*a-pass\.yaml/m);
    expect(r.out).toContain(`interrupted by ${signal}: everything started was stopped; 1 spec not finished: `);
    expect(lastLine(r.out)).toBe('1 passed, 0 failed');
    // Stopped by the interrupt inside its 30 s silence, not by the end of its steps (which send "never")
    // nor by the end of this process: the port is closed while we still run.
    await client.closed;
    expect(client.received()).toBe('in silence');
    expect(await tryConnect(port)).toBe('ECONNREFUSED');
    expect(process.listenerCount(signal)).toBe(0);
  });
});

describe('SIGINT during tcpspec fuzz', () => {
  it('says how many fuzz cases of the stopped spec had run', async () => {
    let connected = 0;
    let thirdConnected = (): void => undefined;
    const third = new Promise<void>((resolve) => (thirdConnected = resolve));
    const server = await rawServer((s) => {
      s.on('data', (d) => s.write(d));
      if (++connected === 3) thirdConnected();
    });
    try {
      const spec = write('echo.yaml', 'name: echo\nsteps:\n  - send: "hello"\n  - expect: "hello"\n  - close\n');
      const run = startCli(['fuzz', spec, '--target', `127.0.0.1:${server.port}`, '--runs', '100000', '--seed', '1']);
      // The plain run and at least two generated cases have connected.
      await within(30_000, 'three fuzz cases connecting', third);
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
  let told: Witness;
  beforeEach(async () => {
    told = await witness();
  });
  afterEach(() => told.close());

  it('exits 130 with the summary, and leaves no fixture process behind', async () => {
    // Once the fixture has answered, the spec tells the witness that it is in its silence.
    const waiting = write(
      'b-wait.yaml',
      `name: waits on a Python fixture\ntarget: slow-line-echo\nsteps:\n  - send: "hello\\n"\n  - expect: "hello\\n"\n  - connect: { name: witness, target: "127.0.0.1:${told.port}" }\n  - on: witness\n    send: "in silence\\n"\n  - silence: 30s\n`,
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
    expect(await told.said(30_000, 'the spec reaching its silence after the fixture answered')).toBe('in silence');
    const fixtures = children();
    expect(fixtures).not.toHaveLength(0);

    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(lastLine(out)).toBe('1 passed, 0 failed');
    expect(out).toContain('interrupted by SIGINT');
    for (const pid of fixtures) expect(fs.existsSync(`/proc/${pid}`)).toBe(false);
  }, 40_000);
});
