/**
 * Clients under test as real processes: started once the mock server
 * listens, judged by their exit status and output, bounded by their timeout,
 * killed with everything they started, and started afresh for every fuzz case.
 */
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import {
  ClientFailedError,
  ClientStartError,
  parseClientOption,
  runningClientCount,
  shellWord,
  splitWords,
} from '../../src/clients';
import { ErrorCode, StepError } from '../../src/errors';
import { UsageError } from '../../src/usage-error';
import { fuzzSpecFile } from '../../src/fuzz/fuzz-spec';
import { formatResult } from '../../src/report/human';
import { runSpecFile } from '../../src/run/run-spec';
import { ShutdownRegistry } from '../../src/run/shutdown';
import { TargetPool } from '../../src/targets/pool';
import { fixtureClients, fixtureProviders } from '../../fixtures';
import { pythonReportsTo, witness } from '../support/witness';
import type { Witness } from '../support/witness';
import { cli, lastLine, startCli } from './cli-io';

const root = path.join(__dirname, '..', '..');
const pool = new TargetPool({ servers: fixtureProviders, clients: fixtureClients });
afterAll(() => pool.stopAll());

let dir: string;
/** A client process reports to it that it runs, and its connection closing is the client's end. */
let w: Witness;
beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpspec-clients-'));
  w = await witness();
});
afterEach(async () => {
  await w.close();
  fs.rmSync(dir, { recursive: true, force: true });
  // Every client a test started has ended and left the registry.
  expect(runningClientCount()).toBe(0);
});

function write(name: string, text: string, mode = 0o644): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text, { mode });
  return file;
}

/** A Python client that says "Hallo Server!" and prints the reply, read to the end of the connection. */
const wholeReader = `import socket, sys
s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=10)
s.sendall(b"Hallo Server!")
reply = b""
while True:
    d = s.recv(1024)
    if not d:
        break
    reply += d
print(reply.decode())
`;

const greeting = 'steps:\n  - expect: "Hallo Server!"\n  - send: "Hallo Client!"\n  - close\n';

/** A bound, not a pace: on a loaded machine a Python client can take over 2 s to start and connect. */
function spec(client: string, steps = greeting): string {
  return write('client.yaml', `name: a client under test\nrole: server\ntimeout: 10s\nclient:\n${client}\n${steps}`);
}

describe('a command client in tcpspec run', () => {
  it('passes when the steps pass, it exits 0 and prints exactly the expected text (one trailing newline ignored)', async () => {
    write('client.py', wholeReader);
    const file = spec('  command: [python3, client.py, "${host}", "${port}"]\n  stdout: "Hallo Client!"');
    const r = await runSpecFile(file, { pool });
    expect(r.failure?.message).toBeUndefined();
    expect(r.status).toBe('passed');
    expect(r.client).toMatchObject({ description: 'python3 client.py ${host} ${port}', outcome: { exitCode: 0 } });
    expect(r.client!.outcome.stdout.bytes.toString()).toBe('Hallo Client!\n');
  });

  it('fails naming the expected and printed text when it prints something else', async () => {
    write('client.py', wholeReader);
    const file = spec('  command: [python3, client.py, "${host}", "${port}"]\n  stdout: "Hallo Server!"');
    const r = await runSpecFile(file, { pool });
    expect(r.status).toBe('failed');
    expect(r.failure).toBeInstanceOf(ClientFailedError);
    expect(r.failure!.code).toBe(ErrorCode.ClientFailed);
    expect(r.failure!.message).toContain(
      `${file}:4:1: client "python3 client.py \${host} \${port}" printed other output: stdout expects exactly "Hallo Server!", it printed "Hallo Client!\\n"`,
    );
    expect(r.failure!.message).toMatch(
      /it exited with status 0 after \d+ms\n\s+stdout:\n\s+\| Hallo Client!\n\s+stderr: nothing/,
    );
  });

  it('matches a regex against each line as a whole', async () => {
    write('lines.py', `${wholeReader}print("done")\n`);
    const pass = spec('  command: [python3, lines.py, "${host}", "${port}"]\n  stdout: /Hallo \\w+!/');
    expect((await runSpecFile(pass, { pool })).status).toBe('passed');
    const part = spec('  command: [python3, lines.py, "${host}", "${port}"]\n  stdout: /Hallo/');
    const r = await runSpecFile(part, { pool });
    expect(r.status).toBe('failed');
    expect(r.failure!.message).toContain('stdout expects a line matching /Hallo/, none of its 2 lines does');
  });

  it('fails with its exit status and the end of its stderr when it exits otherwise', async () => {
    write('fails.py', `${wholeReader}import sys\nprint("giving up", file=sys.stderr)\nsys.exit(3)\n`);
    const file = spec('  command: [python3, fails.py, "${host}", "${port}"]');
    const r = await runSpecFile(file, { pool });
    expect(r.status).toBe('failed');
    expect(r.failure).toBeInstanceOf(ClientFailedError);
    expect(r.failure!.message).toMatch(/exited with status 3 after \d+ms; expected exit status 0/);
    expect(r.failure!.message).toMatch(/stderr:\n\s+\| giving up$/);
  });

  it('passes when it exits with the status the spec expects', async () => {
    write('fails.py', `${wholeReader}import sys\nsys.exit(3)\n`);
    const file = spec('  command: [python3, fails.py, "${host}", "${port}"]\n  exit: 3');
    expect((await runSpecFile(file, { pool })).status).toBe('passed');
  });

  it('is an error (exit status 2) naming the command and the spec line when the program does not exist', async () => {
    const file = spec('  command: [no-such-client-program, "${port}"]');
    const r = await runSpecFile(file, { pool });
    expect(r.status).toBe('error');
    expect(r.failure).toBeInstanceOf(ClientStartError);
    expect(r.failure!.code).toBe(ErrorCode.ClientStart);
    expect(r.failure!.exitStatus).toBe(2);
    expect(r.failure!.message).toMatch(
      new RegExp(
        `^${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:4:1: the client command "no-such-client-program \\d+" could not be started: "no-such-client-program" was not found on PATH \\(ENOENT\\)$`,
      ),
    );
    // Its data as fields and the spawn error as cause, as every member of the error family has them.
    expect(r.failure).toMatchObject({ reason: 'ENOENT', cause: { code: 'ENOENT' } });
    expect((r.failure as ClientStartError).command[0]).toBe('no-such-client-program');
  });

  it('is an error when the program is not executable', async () => {
    write('client.sh', '#!/bin/sh\nexit 0\n', 0o644);
    const r = await runSpecFile(spec('  command: [./client.sh]'), { pool });
    expect(r.status).toBe('error');
    expect(r.failure!.message).toContain('"./client.sh" is not executable (EACCES: permission denied)');
  });

  it("runs in the spec file's folder and sees TCPSPEC_HOST and TCPSPEC_PORT", async () => {
    write(
      'env.py',
      `import os, socket\ns = socket.create_connection((os.environ["TCPSPEC_HOST"], int(os.environ["TCPSPEC_PORT"])))\ns.sendall(b"Hallo Server!")\nprint(os.getcwd())\n`,
    );
    const file = spec('  command: [python3, env.py]', 'steps:\n  - expect: "Hallo Server!"\n  - close\n');
    const r = await runSpecFile(file, { pool });
    expect(r.failure?.message).toBeUndefined();
    expect(r.client!.outcome.stdout.bytes.toString().trim()).toBe(fs.realpathSync(dir));
  });

  it('is killed at its timeout, and that fails the spec even though the steps passed', async () => {
    write('hangs.py', `${wholeReader}import time\ntime.sleep(60)\n`);
    const file = spec('  command: [python3, hangs.py, "${host}", "${port}"]\n  timeout: 1500ms');
    const r = await runSpecFile(file, { pool });
    expect(r.status).toBe('failed');
    expect(r.failure!.message).toMatch(
      /was ended by SIGTERM \(killed by tcpspec at its timeout\) after \d+ms; expected exit status 0/,
    );
    expect(r.failure!.message).toContain('| Hallo Client!');
  });

  it('takes everything it started with it: a child it leaves behind is killed with its process group', async () => {
    const sleeper = `${pythonReportsTo(w.port)}print("reported", flush=True)\nimport time\ntime.sleep(60)\n`;
    write(
      'leaves-child.py',
      `import subprocess, sys\nchild = subprocess.Popen([sys.executable, "-c", ${JSON.stringify(sleeper)}], stdout=subprocess.PIPE)\nchild.stdout.readline()\n${wholeReader}`,
    );
    const file = spec('  command: [python3, leaves-child.py, "${host}", "${port}"]');
    const r = await runSpecFile(file, { pool });
    expect(r.failure?.message).toBeUndefined();
    await w.said(10_000, 'the child reporting');
    await w.hungUp(10_000, 'the child left behind ending (it sleeps 60 s)');
  });

  it('is ended when the steps fail, and the step failure is the verdict', async () => {
    write(
      'hangs.py',
      `import socket, sys, time\ns = socket.create_connection((sys.argv[1], int(sys.argv[2])))\ns.sendall(b"Hallo Sever!")\ntime.sleep(60)\n`,
    );
    const file = spec('  command: [python3, hangs.py, "${host}", "${port}"]\n  timeout: 60s');
    const r = await runSpecFile(file, { pool });
    expect(r.failure).toBeInstanceOf(StepError);
    // Killed by tcpspec, not ended by its own 60 s sleep (that would be an exit status, not stopped).
    expect(r.client!.outcome.stopped).toBe(true);
  });

  it('shows, under a step failure, how the client ended and what it printed', async () => {
    write(
      'typo.py',
      `import socket, sys\ns = socket.create_connection((sys.argv[1], int(sys.argv[2])))\nprint("sending the greeting")\nsys.stdout.flush()\ns.sendall(b"Hallo Sever!")\ns.close()\n`,
    );
    const r = await runSpecFile(spec('  command: [python3, typo.py, "${host}", "${port}"]'), { pool });
    expect(r.failure).toBeInstanceOf(StepError);
    const report = formatResult(r);
    expect(report).toContain('the client under test, "python3 typo.py');
    expect(report).toMatch(/it exited with status 0 after \d+ms/);
    expect(report).toContain('| sending the greeting');
  });

  it('reports why it never connected rather than only that nobody did', async () => {
    write('refuses.py', 'import sys\nprint("cannot reach the server", file=sys.stderr)\nsys.exit(1)\n');
    const r = await runSpecFile(spec('  command: [python3, refuses.py]'), { pool });
    expect(r.failure).toBeInstanceOf(ClientFailedError);
    expect(r.failure!.message).toContain('| cannot reach the server');
  });

  it('stops waiting for connections once the client ended without making them, and says so', async () => {
    write('leaves.py', 'print("nothing to do")\n');
    const file = write(
      'leaves.yaml',
      `name: a client that leaves\nrole: server\ntimeout: 20s\nclient:\n  command: [python3, leaves.py]\n${greeting}`,
    );
    const r = await runSpecFile(file, { pool });
    expect(r.failure?.code).toBe(ErrorCode.AcceptTimeout);
    expect(r.failure!.message).toMatch(
      /leaves\.yaml: the client under test ended before it connected to 127\.0\.0\.1:\d+ \(0 of 1 connection accepted, after \d+ms\)/,
    );
    expect(r.client!.outcome.exitCode).toBe(0);
  });

  it('is one process for all of connections: N', async () => {
    write(
      'two.py',
      `import socket, sys\nfor _ in range(2):\n    s = socket.create_connection((sys.argv[1], int(sys.argv[2])))\n    s.sendall(b"Hallo Server!")\n    print(s.recv(100).decode())\n    s.close()\n`,
    );
    const file = write(
      'two.yaml',
      `name: two connections\nrole: server\nconnections: 2\nclient:\n  command: [python3, two.py, "\${host}", "\${port}"]\n  stdout: "Hallo Client!\\nHallo Client!"\n${greeting}`,
    );
    const r = await runSpecFile(file, { pool });
    expect(r.failure?.message).toBeUndefined();
    expect(r.conversations).toHaveLength(2);
  });
});

/** 'gone' (or a zombie waiting for its reaper), or 'running'. */
function state(pid: number): 'gone' | 'running' {
  try {
    return fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]![0] === 'Z' ? 'gone' : 'running';
  } catch {
    return 'gone';
  }
}

describe('--client', () => {
  it('wins over client: and over an embedded client named by target:, with {host} and {port} filled in', async () => {
    write('client.py', wholeReader);
    const file = write(
      'both.yaml',
      `name: both\nrole: server\ntarget: greeting-client\nclient:\n  command: [no-such-program]\n  stdout: "Hallo Client!"\n${greeting}`,
    );
    const client = parseClientOption('python3 client.py {host} {port}', dir);
    const r = await runSpecFile(file, { pool, client });
    expect(r.failure?.message).toBeUndefined();
    expect(r.client).toMatchObject({ description: 'python3 client.py {host} {port}', outcome: { exitCode: 0 } });
  });

  it("runs in the caller's folder, so its relative paths are the caller's", async () => {
    const file = spec('  stdout: "Hallo Client!"');
    const r = await cli(['run', file, '--client', 'python3 specs/clients/textbook-client.py {host} {port}']);
    expect(r.out).toMatch(/^PASS /m);
    expect(r.status).toBe(0);
  });

  it('exits 1 on the command line when the client prints something else', async () => {
    const file = spec('  stdout: "Hallo Server!"');
    const r = await cli(['run', file, '--client', 'python3 specs/clients/textbook-client.py {host} {port}']);
    expect(r.out).toContain('printed other output');
    expect(lastLine(r.out)).toBe('0 passed, 1 failed');
    expect(r.status).toBe(1);
  });

  it('is started for every fuzz case and repeated in the replay command', async () => {
    const file = spec(
      '  stdout: "Hallo Client!"',
      'steps:\n  - expect: "Hallo Server!"\n  - send: "Hallo Client!"\n  - expect: eof\n',
    );
    const textbook = 'python3 specs/clients/textbook-client.py {host} {port}';
    const r = await cli(['fuzz', file, '--client', textbook, '--runs', '20', '--seed', '2']);
    expect(r.out).toContain('smallest failing case: send #1 (step 2) split after');
    expect(r.out).toMatch(
      new RegExp(
        `replay: npx tcpspec fuzz \\S+ --seed 2 --path [\\d:]+ --client '${textbook.replace(/[{}]/g, '\\$&')}'`,
      ),
    );
    expect(r.status).toBe(1);
  });

  it('exits 2 when the command cannot be started', async () => {
    const r = await cli(['run', spec('  stdout: x'), '--client', 'no-such-client-program {port}']);
    expect(r.out).toContain(' (--client): the client command "no-such-client-program ');
    expect(r.status).toBe(2);
  });

  it('exits 2 when its quotes do not close', async () => {
    const r = await cli(['run', spec('  stdout: x'), '--client', 'python3 "client.py']);
    expect(r.err).toContain('--client "python3 \\"client.py": the double quote is never closed');
    expect(r.status).toBe(2);
  });

  it('is split into words as a shell would, without running one', () => {
    expect(parseClientOption(`nc -q 1 'a b' "c \\"d\\"" e\\ f {port} | > $HOME`).words).toEqual([
      'nc',
      '-q',
      '1',
      'a b',
      'c "d"',
      'e f',
      '{port}',
      '|',
      '>',
      '$HOME',
    ]);
    expect(() => parseClientOption('   ')).toThrow(UsageError);
    expect(splitWords("it's")).toEqual({ error: 'the single quote is never closed' });
  });

  it('is quoted in replay commands so that splitting gives it back', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (word) => {
        expect(splitWords(shellWord(word))).toEqual({ words: [word] });
      }),
    );
  });
});

describe('tcpspec serve', () => {
  it('starts no client: the user points their own at it', async () => {
    write('marks.py', 'open("started", "w").write("yes")\n');
    const file = spec('  command: [python3, marks.py]', 'steps:\n  - expect: "Hallo Server!"\n  - close\n');
    const run = startCli(['serve', file]);
    const port = Number((await run.printed(/listening on 127\.0\.0\.1:(\d+)/))[1]);
    const socket = net.connect(port, '127.0.0.1', () => socket.end('Hallo Server!'));
    socket.on('data', () => undefined);
    const r = await run.done;
    expect(r.out).toMatch(/^PASS /m);
    expect(fs.existsSync(path.join(dir, 'started'))).toBe(false);
  });
});

describe('embedded clients go through the same seam', () => {
  it('judges what greeting-client printed against stdout:', async () => {
    const pass = write(
      'g.yaml',
      `name: g\nrole: server\ntarget: greeting-client\nclient:\n  stdout: "Hallo Client!"\n${greeting}`,
    );
    expect((await runSpecFile(pass, { pool })).status).toBe('passed');
    const fail = write(
      'h.yaml',
      `name: h\nrole: server\ntarget: greeting-client\nclient:\n  stdout: "Hallo Server!"\n${greeting}`,
    );
    const r = await runSpecFile(fail, { pool });
    expect(r.failure).toBeInstanceOf(ClientFailedError);
    expect(r.failure!.message).toContain('client "greeting-client" printed other output');
  });

  it('says client: needs a command when neither target: nor --client gives one', async () => {
    const r = await runSpecFile(spec('  stdout: x'), { pool });
    expect(r.status).toBe('error');
    expect(r.failure!.message).toContain(
      ':4:1: client: has no command; add command: [PROGRAM, ARGS...] or pass --client "CMD ..."',
    );
  });
});

describe('a command client in tcpspec fuzz', () => {
  it('is started afresh for every case', async () => {
    write('counts.py', `open("starts", "a").write("x\\n")\n${wholeReader}`);
    const file = spec('  command: [python3, counts.py, "${host}", "${port}"]\n  stdout: "Hallo Client!"');
    const r = await fuzzSpecFile(file, { pool, runs: 5, seed: 1 });
    expect(r.failure?.error.message ?? r.error?.message).toBeUndefined();
    expect(r.status).toBe('passed');
    // The plain exchange and the 5 generated cases.
    expect(fs.readFileSync(path.join(dir, 'starts'), 'utf8')).toBe('x\n'.repeat(6));
  });
});

describe('the textbook client that calls recv(1024) once, as a real process', () => {
  const textbook = path.join(root, 'specs', 'clients', 'textbook-greeting.yaml');

  it('passes the plain exchange: one write of the reply is one read', async () => {
    const r = await runSpecFile(textbook, { pool });
    expect(r.failure?.message).toBeUndefined();
  });

  it.each([1, 2])('is caught by fuzzing with a reply cut in pieces (seed %i)', async (seed) => {
    const r = await fuzzSpecFile(textbook, { pool, runs: 30, seed });
    expect(r.error?.message).toBeUndefined();
    expect(r.status).toBe('failed');
    // Either it printed the first piece only, or it hung up and the rest of the reply met a reset.
    expect([ClientFailedError, StepError].some((k) => r.failure!.error instanceof k)).toBe(true);
    expect(r.failure!.plan.sends.flatMap((s) => s.cuts).length).toBeGreaterThan(0);
    expect(r.failure!.words).toMatch(/^send #1 \(step 2\) split after/);
  });
});

describe('nothing outlives the command', () => {
  it('kills the client when tcpspec run is interrupted with Ctrl-C (SIGINT)', async () => {
    write(
      'hangs.py',
      `${pythonReportsTo(w.port)}import socket, sys, time\ns = socket.create_connection((sys.argv[1], int(sys.argv[2])))\ntime.sleep(60)\n`,
    );
    const file = spec(
      '  command: [python3, hangs.py, "${host}", "${port}"]\n  timeout: 60s',
      'steps:\n  - expect: "never sent"\n    timeout: 60s\n',
    );
    const tcpspec = spawn(
      process.execPath,
      [
        '-r',
        'ts-node/register/transpile-only',
        '-e',
        "require('./src/cli/main').main(process.argv.slice(1)).then((c) => { process.exitCode = c; })",
        'run',
        file,
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const exited = new Promise<number | null>((resolve) => tcpspec.once('exit', (code) => resolve(code)));
    await w.said(20_000, 'the client starting');
    tcpspec.kill('SIGINT');
    expect(await exited).toBe(130);
    await w.hungUp(10_000, 'the client ending (it sleeps 60 s)');
  });

  it('is registered for the shutdown, which returns only once the client is gone', async () => {
    write(
      'hangs.py',
      `${pythonReportsTo(w.port)}import socket, sys, time\ns = socket.create_connection((sys.argv[1], int(sys.argv[2])))\ntime.sleep(60)\n`,
    );
    const file = spec(
      '  command: [python3, hangs.py, "${host}", "${port}"]\n  timeout: 60s',
      'steps:\n  - expect: "never sent"\n    timeout: 60s\n',
    );
    const shutdown = new ShutdownRegistry();
    const running = runSpecFile(file, { pool, shutdown });
    const pid = Number(await w.said(10_000, 'the client starting'));
    await shutdown.stopAll();
    expect(state(pid)).not.toBe('running');
    await running;
  });

  it('kills a running client when tcpspec exits on an interrupt', async () => {
    const sleeper = `${pythonReportsTo(w.port)}import time\ntime.sleep(60)\n`;
    // Exits as an interrupted tcpspec does, once told (on stdin) that the client runs.
    const script = `
      const { commandClient } = require(${JSON.stringify(path.join(root, 'src', 'clients'))});
      commandClient({ argv: () => ['python3', '-c', ${JSON.stringify(sleeper)}], description: 'sleeper', cwd: '.', timeoutMs: 60000, where: 'x' })
        .start({ host: '127.0.0.1', port: 1 })
        .then(() => process.stdin.once('data', () => process.exit(130)));
    `;
    let tcpspec: ChildProcess | undefined;
    const status = new Promise<number | null>((resolve) => {
      tcpspec = execFile(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { cwd: root }, () =>
        resolve(tcpspec!.exitCode),
      );
    });
    await w.said(20_000, 'the client starting');
    tcpspec!.stdin!.write('exit\n');
    expect(await status).toBe(130);
    await w.hungUp(10_000, 'the client ending (it sleeps 60 s)');
  });
});
