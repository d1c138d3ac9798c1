/**
 * Unix sockets written in specs and options: `listen: unix:PATH` (the server
 * role, `--listen`), `connect: { target: unix:PATH }` (the client role), each
 * named as `unix:PATH` wherever tcpspec prints an address, with the socket
 * file gone once the command ends, also when it is interrupted. A relative
 * path is the spec's folder's (the option's: the working directory's).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';
import { fuzzClient, mockServer } from '../../src/jest';
import { loadSpecText } from '../../src/load/load';
import { listen } from '../../src/net/carriers';
import { ListenError } from '../../src/net/errors';
import { UNIX_PATH_MAX } from '../../src/net/socket-file';
import { UsageError } from '../../src/usage-error';
import { SpecError } from '../../src/yaml/spec-error';
import { compileSpecSchema } from '../support/spec-schema';
import { within } from '../support/within';
import { cli, lastLine, startCli } from './cli-io';

let dir: string;
const closers: (() => void)[] = [];
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpspec-unix-'));
});
afterEach(() => {
  for (const close of closers.splice(0)) close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** A client under test: connects to the socket in argv[2], prints the greeting line and answers "bye". */
const CLIENT = `const s = require('node:net').connect({ path: process.argv[2] });
let got = '';
s.on('data', (d) => {
  got += d;
  if (got.endsWith('\\n')) { process.stdout.write(got); s.end('bye\\n'); }
});
s.on('error', (e) => { console.error(e.message); process.exit(3); });
`;

const GREETING_MOCK = (listenLine: string): string => `name: greets over a socket
role: server
timeout: 5s
${listenLine}
client:
  command: [${JSON.stringify(process.execPath)}, client.js, "\${path}"]
  stdout: /hello/
steps:
  - send: "hello\\n"
  - expect: "bye\\n"
  - expect: eof
`;

/** Everything `--transcript DIR` wrote, one file after another. */
function transcriptsIn(folder: string): string {
  return fs
    .readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .sort()
    .map((f) => path.join(folder, f))
    .filter((f) => fs.statSync(f).isFile())
    .map((f) => fs.readFileSync(f, 'utf8'))
    .join('\n');
}

/** Says hello to whoever connects to `socketPath` and echoes what it reads; closed after the test. */
async function helloServer(socketPath: string): Promise<void> {
  const server = net.createServer((s) => {
    // A test's client may hang up first.
    s.on('error', () => undefined);
    s.write('hello\n');
    s.on('data', (d) => s.write(d));
  });
  await new Promise<void>((resolve) => server.listen({ path: socketPath }, resolve));
  closers.push(() => server.close());
}

/** Connects to the socket, says "hi", and resolves with the first reply. */
function greetingAt(socketPath: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ path: socketPath }, () => s.write('hi'));
    s.once('data', (d) => {
      s.end();
      resolve(d.toString());
    });
    s.once('error', reject);
  });
}

/** A socket file left by a process that was killed while it listened. */
async function staleSocket(socketPath: string): Promise<void> {
  const child = spawn(process.execPath, [
    '-e',
    `require('node:net').createServer().listen(${JSON.stringify(socketPath)}, () => process.kill(process.pid, 'SIGKILL'))`,
  ]);
  await within(10_000, 'the listening process being killed', new Promise((resolve) => child.once('exit', resolve)));
  expect(fs.lstatSync(socketPath).isSocket()).toBe(true);
}

describe('a server-role spec listening on a Unix socket', () => {
  it('plays to a client under test given ${path}, the socket of a relative listen: in the spec folder, and removes it after', async () => {
    write('client.js', CLIENT);
    const file = write('greet.yaml', GREETING_MOCK('listen: unix:greet.sock'));
    const run = startCli(['run', file]);
    const announced = (await run.printed(/listening on (\S+)/, { on: 'err' }))[1];
    expect(announced).toBe(`unix:${path.join(dir, 'greet.sock')}`);
    const r = await run.done;
    expect(r.out).toMatch(/^PASS .*greet\.yaml/m);
    expect(lastLine(r.out)).toBe('1 passed, 0 failed');
    expect(r.status).toBe(0);
    expect(fs.existsSync(path.join(dir, 'greet.sock'))).toBe(false);
  });

  it('gives a --client command the socket as {path} and TCPSPEC_PATH', async () => {
    const client = write(
      'client.js',
      CLIENT.replace('const s =', 'if (process.argv[2] !== process.env.TCPSPEC_PATH) process.exit(4);\nconst s ='),
    );
    const file = write(
      'greet.yaml',
      GREETING_MOCK('listen: unix:greet.sock').replace(/client:\n {2}command: .*\n/, 'client:\n'),
    );
    const r = await cli(['run', file, '--client', `${process.execPath} ${client} {path}`]);
    expect(r.out).toMatch(/^PASS .*greet\.yaml/m);
    expect(r.status).toBe(0);
  });

  it('is fuzzed case after case on the one socket, which is gone afterwards', async () => {
    write('client.js', CLIENT);
    const file = write('greet.yaml', GREETING_MOCK('listen: unix:greet.sock'));
    const r = await cli(['fuzz', file, '--runs', '5', '--seed', '1']);
    // The plain exchange and the five generated cases, each listening afresh on the same path.
    // Its pieces reach the client under test read-confirmed, through the kernel's Unix socket diagnostics.
    expect(r.out).toMatch(/^PASS .*greet\.yaml .*\(6 cases, seed 1, \d+ ms, pieces read-confirmed/m);
    expect(r.status).toBe(0);
    expect(fs.existsSync(path.join(dir, 'greet.sock'))).toBe(false);
  });

  it('refuses to fuzz cases in parallel on the one socket', async () => {
    write('client.js', CLIENT);
    const file = write('greet.yaml', GREETING_MOCK('listen: unix:greet.sock'));
    const r = await cli(['fuzz', file, '--runs', '5', '--parallel', '2']);
    expect(r.status).toBe(2);
    expect(r.out + r.err).toContain(
      `fuzz cases cannot run in parallel on the one socket unix:${path.join(dir, 'greet.sock')}; use port 0 or parallel 1`,
    );
  });

  it('names the socket in the transcript of a failing play', async () => {
    write('client.js', CLIENT);
    const file = write('greet.yaml', GREETING_MOCK('listen: unix:greet.sock').replace('"bye\\n"', '"ciao\\n"'));
    const transcripts = path.join(dir, 'transcripts');
    const r = await cli(['run', file, '--transcript', transcripts]);
    expect(r.status).toBe(1);
    expect(transcriptsIn(transcripts)).toContain('accepted connection 1 from an unnamed Unix socket');
  });

  it('serves on --listen unix:PATH, announcing it, and leaves no socket file behind', async () => {
    const file = write(
      'mock.yaml',
      'name: mock\nrole: server\ntimeout: 5s\nsteps:\n  - expect: "hi"\n  - send: "hello"\n',
    );
    const socketPath = path.join(dir, 'serve.sock');
    const run = startCli(['serve', file, '--listen', `unix:${socketPath}`]);
    await run.printed(new RegExp(`^listening on unix:${socketPath}$`, 'm'));
    expect(await greetingAt(socketPath)).toBe('hello');
    const r = await run.done;
    expect(lastLine(r.out)).toBe('1 passed, 0 failed');
    expect(r.status).toBe(0);
    expect(fs.existsSync(socketPath)).toBe(false);
  });

  it('removes its socket file when interrupted while it waits', async () => {
    const file = write('mock.yaml', 'name: mock\nrole: server\ntimeout: 30s\nsteps:\n  - expect: "hi"\n');
    const socketPath = path.join(dir, 'interrupted.sock');
    const run = startCli(['serve', file, '--listen', `unix:${socketPath}`]);
    await run.printed(/^listening on unix:/m);
    expect(fs.lstatSync(socketPath).isSocket()).toBe(true);
    process.emit('SIGINT');
    const r = await run.done;
    expect(r.status).toBe(130);
    expect(fs.existsSync(socketPath)).toBe(false);
  });

  it('takes over a stale socket file that nothing listens on', async () => {
    const socketPath = path.join(dir, 'stale.sock');
    await staleSocket(socketPath);
    const file = write(
      'mock.yaml',
      'name: mock\nrole: server\ntimeout: 5s\nsteps:\n  - expect: "hi"\n  - send: "hello"\n',
    );
    const run = startCli(['serve', file, '--listen', `unix:${socketPath}`]);
    await run.printed(/^listening on unix:/m);
    expect(await greetingAt(socketPath)).toBe('hello');
    expect((await run.done).status).toBe(0);
  });

  it('refuses a socket another process listens on, naming it, and leaves that socket alone', async () => {
    const socketPath = path.join(dir, 'live.sock');
    await helloServer(socketPath);
    const file = write('mock.yaml', 'name: mock\nrole: server\nsteps:\n  - close\n');
    const r = await cli(['serve', file, '--listen', `unix:${socketPath}`]);
    expect(r.status).toBe(2);
    expect(r.out + r.err).toContain(
      `cannot listen on unix:${socketPath}: EADDRINUSE (another process listens on this socket)`,
    );
    expect(await greetingAt(socketPath)).toBe('hello\n');
  });

  it('refuses to replace a file that is not a socket', async () => {
    const socketPath = write('notes.txt', 'keep me');
    const listening = listen({ path: socketPath });
    await expect(listening).rejects.toBeInstanceOf(ListenError);
    await expect(listening).rejects.toMatchObject({
      message: `cannot listen on unix:${socketPath}: EEXIST (a file that is not a socket is in the way; tcpspec removes only stale sockets)`,
    });
    expect(fs.readFileSync(socketPath, 'utf8')).toBe('keep me');
  });

  it('names the missing folder when the socket cannot be made there', async () => {
    const socketPath = path.join(dir, 'no-such-folder', 'app.sock');
    const file = write('mock.yaml', `name: mock\nrole: server\nlisten: unix:${socketPath}\nsteps:\n  - close\n`);
    const r = await cli(['run', file]);
    expect(r.status).toBe(2);
    expect(r.out + r.err).toContain(
      `cannot listen on unix:${socketPath}: ENOENT (the folder ${path.dirname(socketPath)} does not exist)`,
    );
  });

  it('refuses a --listen path too long for a socket instead of listening at a cut one', async () => {
    const socketPath = path.join(dir, `${'s'.repeat(UNIX_PATH_MAX)}.sock`);
    const file = write('mock.yaml', 'name: mock\nrole: server\nsteps:\n  - close\n');
    const r = await cli(['serve', file, '--listen', `unix:${socketPath}`]);
    expect(r.status).toBe(2);
    expect(r.err).toContain(`--listen "unix:${socketPath}": the socket path ${socketPath} is too long: ENAMETOOLONG`);
    expect(fs.readdirSync(dir)).toEqual(['mock.yaml']);
  });
});

describe('recording on a Unix socket', () => {
  it('records a client that connects at --listen unix:PATH, names the socket, and removes it after', async () => {
    const upstream = path.join(dir, 'upstream.sock');
    await helloServer(upstream);
    const socketPath = path.join(dir, 'record.sock');
    const out = path.join(dir, 'recorded.yaml');
    const run = startCli([
      'record',
      '--listen',
      `unix:${socketPath}`,
      '--forward',
      `unix:${upstream}`,
      '--out',
      out,
      '--timeout',
      '10s',
    ]);
    await run.printed(new RegExp(`^recording: listening on unix:${socketPath}, forwarding to unix:${upstream};`, 'm'));
    // Reads the greeting, then hangs up without a word.
    const greeted = await new Promise<string>((resolve, reject) => {
      const s = net.connect({ path: socketPath });
      s.once('data', (d) => {
        s.end();
        resolve(d.toString());
      });
      s.once('error', reject);
    });
    expect(greeted).toBe('hello\n');
    const r = await run.done;
    expect(r.status).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toContain('expect: "hello\\n"');
    expect(fs.existsSync(socketPath)).toBe(false);
  });
});

describe('clients that are given a host and port', () => {
  it('refuses an embedded client for a spec that listens on a socket, naming the socket, and removes it', async () => {
    const file = write(
      'embedded.yaml',
      'name: g\nrole: server\ntarget: greeting-client\nlisten: unix:g.sock\nsteps:\n  - send: "Hallo Client!"\n',
    );
    const r = await cli(['run', file]);
    expect(r.status).toBe(2);
    expect(r.out + r.err).toContain(
      `the embedded client greeting-client connects over TCP and cannot reach unix:${path.join(dir, 'g.sock')}`,
    );
    expect(fs.existsSync(path.join(dir, 'g.sock'))).toBe(false);
  });

  it('has tcpspec/jest refuse a spec that listens on a socket before anything listens', async () => {
    const file = write('mock.yaml', 'name: m\nrole: server\nlisten: unix:m.sock\nsteps:\n  - close\n');
    const refused = mockServer(file);
    await expect(refused).rejects.toBeInstanceOf(UsageError);
    await expect(refused).rejects.toThrow(
      `${file}: tcpspec/jest gives your code a host and port, and this mock would listen on unix:${path.join(dir, 'm.sock')}`,
    );
    const fuzzed = await fuzzClient(file, () => Promise.resolve(), { runs: 1 });
    expect(fuzzed.status).toBe('error');
    expect(fuzzed.error).toBeInstanceOf(UsageError);
    expect(fuzzed.error?.message).toContain('tcpspec/jest gives your code a host and port');
    expect(fs.readdirSync(dir)).toEqual(['mock.yaml']);
  });
});

describe('a connect: step to a Unix socket', () => {
  it('opens the connection at the socket, a path relative to the spec folder, and names it in the transcript', async () => {
    const main = path.join(dir, 'main.sock');
    await helloServer(main);
    await helloServer(path.join(dir, 'other.sock'));
    const file = write(
      'two.yaml',
      `name: two sockets
timeout: 2s
steps:
  - expect: "hello\\n"
  - connect: { name: other, target: unix:other.sock }
  - on: other
    expect: "hello\\n"
  - on: other
    send: "x"
  - on: other
    expect: "y"
`,
    );
    const transcripts = path.join(dir, 'transcripts');
    const r = await cli(['run', file, '--target', `unix:${main}`, '--transcript', transcripts]);
    expect(r.status).toBe(1);
    expect(transcriptsIn(transcripts)).toContain(
      `[other] connected to unix:${path.join(dir, 'other.sock')} from an unnamed Unix socket`,
    );
    expect(r.out).toMatch(/expected "y", received "x"/);
  });

  it('passes when the socket answers as the spec says', async () => {
    await helloServer(path.join(dir, 'other.sock'));
    const main = path.join(dir, 'main.sock');
    await helloServer(main);
    const file = write(
      'two.yaml',
      'name: two\ntimeout: 2s\nsteps:\n  - connect: { name: other, target: unix:other.sock }\n  - on: other\n    expect: "hello\\n"\n',
    );
    const r = await cli(['run', file, '--target', `unix:${main}`]);
    expect(r.out).toMatch(/^PASS /m);
    expect(r.status).toBe(0);
  });
});

describe('the loader reading unix:PATH', () => {
  const load = (text: string) => loadSpecText(path.join(dir, 'spec.yaml'), text);
  const problems = (text: string): string => {
    try {
      load(text);
    } catch (err) {
      expect(err).toBeInstanceOf(SpecError);
      return (err as SpecError).message;
    }
    throw new Error('the spec loaded');
  };

  it('makes a relative listen: path the spec folder’s and keeps an absolute one', () => {
    expect(load('name: s\nrole: server\nlisten: unix:run/app.sock\nsteps:\n  - close\n').listen).toEqual({
      path: path.join(dir, 'run', 'app.sock'),
    });
    expect(load('name: s\nrole: server\nlisten: unix:/tmp/app.sock\nsteps:\n  - close\n').listen).toEqual({
      path: '/tmp/app.sock',
    });
  });

  it.each([
    [
      'listen: unix: with no path',
      'name: s\nrole: server\nlisten: "unix:"\nsteps:\n  - close\n',
      'spec.yaml:3:9: listen: unix: needs the path of a socket after it, such as unix:/tmp/app.sock',
    ],
    [
      'connect.target: unix: with no path',
      'name: s\nsteps:\n  - connect: { name: b, target: "unix:" }\n',
      'spec.yaml:3:33: step 1: connect.target: unix: needs the path of a socket after it, such as unix:/tmp/app.sock',
    ],
    [
      'a listen: path too long for a socket',
      `name: s\nrole: server\nlisten: unix:${'x'.repeat(UNIX_PATH_MAX + 1)}\nsteps:\n  - close\n`,
      `spec.yaml:3:9: listen: the socket path <dir>/${'x'.repeat(UNIX_PATH_MAX + 1)} is too long: ENAMETOOLONG`,
    ],
    [
      '${port} in the command of a client that is given a socket',
      'name: s\nrole: server\nlisten: unix:/tmp/a.sock\nclient:\n  command: [nc, "${port}"]\nsteps:\n  - close\n',
      'spec.yaml:5:17: client.command: undefined variable "${port}"; a client may use ${path} (where tcpspec listens: the socket of listen: unix:PATH)',
    ],
    [
      '${path} in the command of a client that is given a TCP port',
      'name: s\nrole: server\nclient:\n  command: [nc, "${path}"]\nsteps:\n  - close\n',
      'spec.yaml:4:17: client.command: undefined variable "${path}"; a client may use ${host}, ${port} (where tcpspec listens)',
    ],
  ])('refuses %s at its line and column', (_what, text, message) => {
    // <dir>: the test's folder, where the spec is and where a relative path points.
    expect(problems(text)).toContain(`${dir}/${message.replaceAll('<dir>', dir)}`);
  });

  it('exits 2 with the location when validating a spec with unix: and no path', async () => {
    const file = write('bad.yaml', 'name: s\nrole: server\nlisten: "unix:"\nsteps:\n  - close\n');
    const r = await cli(['validate', file]);
    expect(r.status).toBe(2);
    expect(r.out + r.err).toContain(`${file}:3:9: listen: unix: needs the path of a socket`);
  });
});

describe('the JSON Schema and unix:PATH', () => {
  const schema = JSON.parse(
    fs.readFileSync(path.join(__dirname, '..', '..', 'schema', 'tcpspec.schema.json'), 'utf8'),
  ) as object;
  const validate = compileSpecSchema(schema);

  it.each([
    ['listen: unix:PATH', 'name: s\nrole: server\nlisten: unix:/tmp/app.sock\nsteps: [close]\n'],
    ['a relative listen: unix:PATH', 'name: s\nrole: server\nlisten: unix:app.sock\nsteps: [close]\n'],
    ['connect.target: unix:PATH', 'name: s\nsteps:\n  - connect: { name: b, target: "unix:/tmp/app.sock" }\n'],
  ])('accepts %s, as the loader does', (_what, text) => {
    expect(validate(parse(text))).toBe(true);
    expect(() => loadSpecText(path.join(dir, 's.yaml'), text)).not.toThrow();
  });

  it.each([
    ['listen: unix: with no path', 'name: s\nrole: server\nlisten: "unix:"\nsteps: [close]\n'],
    ['connect.target: unix: with no path', 'name: s\nsteps:\n  - connect: { name: b, target: "unix:" }\n'],
  ])('rejects %s, as the loader does', (_what, text) => {
    expect(validate(parse(text))).toBe(false);
    expect(() => loadSpecText(path.join(dir, 's.yaml'), text)).toThrow(SpecError);
  });
});
