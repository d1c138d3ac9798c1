import { tcpOf } from '../support/tcp-of';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { ListenError, TargetUnreachableError } from '../../src/net/errors';
import { replayArgsOf } from '../../src/fuzz/replay';
import { loadSpecText } from '../../src/load/load';
import type { Dialer, Listen } from '../../src/net/carrier';
import { dial, listen } from '../../src/net/carriers';
import { localhostCertificate } from '../../src/net/certificate';
import { formatEndpoint } from '../../src/net/endpoint';
import type { Endpoint } from '../../src/net/endpoint';
import { playAsClient } from '../../src/peer/client';
import { listenAsServer } from '../../src/peer/server';
import { formatConversation } from '../../src/transcript/format-transcript';
import { within } from '../support/within';
import { cli } from './cli-io';

const spec = (text: string) => loadSpecText('specs/net.yaml', `name: over a carrier\ntimeout: 2s\n${text}`);

let dir: string;
const closers: (() => void)[] = [];
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpspec-net-'));
});
afterEach(() => {
  for (const close of closers.splice(0)) close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A server on `endpoint` that greets each connection with its number and echoes what it reads after it. */
async function greeter(endpoint: Endpoint): Promise<void> {
  const server = await listen(endpoint);
  let count = 0;
  const sockets: net.Socket[] = [];
  server.onConnection((s) => {
    sockets.push(s);
    const n = ++count;
    s.write(`hello ${n}\n`);
    s.on('data', (d) => s.write(`${n}: ${d.toString()}`));
  });
  closers.push(() => {
    server.close();
    for (const s of sockets) s.destroy();
  });
}

describe('formatEndpoint', () => {
  it('writes each kind of endpoint the one way every message prints it', () => {
    expect(formatEndpoint({ host: '127.0.0.1', port: 6379 })).toBe('127.0.0.1:6379');
    expect(formatEndpoint({ host: 'localhost', port: 0 })).toBe('localhost:0');
    expect(formatEndpoint({ host: '::1', port: 6379 })).toBe('[::1]:6379');
    expect(formatEndpoint({ path: '/run/app.sock' })).toBe('unix:/run/app.sock');
  });

  it('writes a replay line with a socket path quoted for the shell and a TCP address as it always was', () => {
    expect(replayArgsOf({ target: { host: '::1', port: 6379 } })).toBe('--target [::1]:6379');
    expect(replayArgsOf({ target: { path: "/tmp/it's here.sock" } })).toBe(`--target 'unix:/tmp/it'\\''s here.sock'`);
  });
});

describe('the Unix socket carrier', () => {
  it('plays a spec over a Unix socket, main and connect: alike, and names the socket in the transcript', async () => {
    const socket = { path: path.join(dir, 'greeter.sock') };
    await greeter(socket);
    const r = await playAsClient(
      spec(`steps:
  - expect: "hello 1\\n"
  - connect: second
  - on: second
    expect: "hello 2\\n"
  - on: second
    send: "b\\n"
  - on: second
    expect: "2: b\\n"
`),
      socket,
    );
    expect(r.failure?.message).toBeUndefined();
    expect(r.passed).toBe(5);
    const text = formatConversation({ events: r.transcript.events });
    expect(text).toContain(`[main] connected to unix:${socket.path} from an unnamed Unix socket`);
    expect(text).toContain(`[second] connected to unix:${socket.path} from an unnamed Unix socket`);
  });

  it('carries TLS like TCP does: the same layer over whatever socket is beneath', async () => {
    const socket = { path: path.join(dir, 'tls.sock') };
    const { cert, key } = await localhostCertificate();
    const server = tls.createServer({ cert, key }, (s) => s.end('secret\n'));
    await new Promise<void>((resolve) => server.listen({ path: socket.path }, resolve));
    closers.push(() => server.close());
    const r = await playAsClient(spec('tls: {}\nsteps:\n  - expect: "secret\\n"\n'), socket);
    expect(r.failure?.message).toBeUndefined();
    expect(formatConversation({ events: r.transcript.events })).toMatch(/TLS handshake done: TLSv1\.3/);
  });

  it('fails to dial a path nothing listens on with TargetUnreachableError naming the socket', async () => {
    const missing = { path: path.join(dir, 'missing.sock') };
    const dialing = dial(missing, 1000);
    await expect(dialing).rejects.toBeInstanceOf(TargetUnreachableError);
    await expect(dialing).rejects.toMatchObject({
      endpoint: missing,
      message: expect.stringMatching(new RegExp(`^cannot connect to unix:${missing.path}: ENOENT`)) as unknown,
    });
  });

  it('fails to listen on a path another listener holds with ListenError naming the socket', async () => {
    const taken = { path: path.join(dir, 'taken.sock') };
    await greeter(taken);
    const listening = listen(taken);
    await expect(listening).rejects.toBeInstanceOf(ListenError);
    await expect(listening).rejects.toMatchObject({
      endpoint: taken,
      message: `cannot listen on unix:${taken.path}: EADDRINUSE (another process listens on this socket)`,
    });
  });
});

describe('the dialer and listener seams', () => {
  it('opens the main connection and every connect: step through the dialer it is given', async () => {
    const address = await new Promise<net.AddressInfo>((resolve) => {
      const server = net.createServer((s) => s.end('hi\n'));
      closers.push(() => server.close());
      server.listen(0, '127.0.0.1', () => resolve(server.address() as net.AddressInfo));
    });
    const dialed: string[] = [];
    const dialer: Dialer = (endpoint, timeoutMs) => {
      dialed.push(formatEndpoint(endpoint));
      return dial(endpoint, timeoutMs);
    };
    const target = { host: '127.0.0.1', port: address.port };
    const r = await playAsClient(
      spec('steps:\n  - expect: "hi\\n"\n  - connect: second\n  - on: second\n    expect: "hi\\n"\n'),
      target,
      { dialer },
    );
    expect(r.failure?.message).toBeUndefined();
    expect(dialed).toEqual([formatEndpoint(target), formatEndpoint(target)]);
  });

  it('accepts the server role’s clients through the listener it is given', async () => {
    const asked: string[] = [];
    const listener: Listen = (endpoint) => {
      asked.push(formatEndpoint(endpoint));
      return listen(endpoint);
    };
    const peer = await listenAsServer(spec('role: server\nsteps:\n  - send: "hi\\n"\n'), {
      listen: { host: '127.0.0.1', port: 0 },
      listener,
    });
    closers.push(() => peer.close());
    expect(asked).toEqual(['127.0.0.1:0']);
    const client = net.connect(tcpOf(peer.address));
    closers.push(() => client.destroy());
    const outcome = await within(2000, 'the play over the given listener', peer.conversations);
    expect(outcome.conversations.map((c) => c.failure?.message)).toEqual([undefined]);
    expect(formatConversation({ events: outcome.conversations[0]!.transcript.events })).toContain(
      'accepted connection 1 from 127.0.0.1:',
    );
  });
});

describe('a Unix socket on the command line', () => {
  it('runs a spec against --target unix:PATH', async () => {
    const socket = { path: path.join(dir, 'cli.sock') };
    await greeter(socket);
    const file = path.join(dir, 'greet.yaml');
    fs.writeFileSync(file, 'name: greet\nsteps:\n  - expect: "hello 1\\n"\n  - send: "x\\n"\n  - expect: "1: x\\n"\n');
    const r = await cli(['run', file, '--target', `unix:${socket.path}`]);
    expect(r.err).toBe('');
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^PASS .*greet\.yaml {2}greet/);
  });

  it('names the socket when nothing listens there', async () => {
    const file = path.join(dir, 'greet.yaml');
    fs.writeFileSync(file, 'name: greet\nsteps:\n  - expect: "hello 1\\n"\n');
    const missing = path.join(dir, 'missing.sock');
    const r = await cli(['run', file, '--target', `unix:${missing}`]);
    expect(r.status).toBe(2);
    expect(r.out + r.err).toContain(`cannot connect to unix:${missing}: ENOENT`);
  });

  it('refuses unix: with no path, saying a socket path must follow it', async () => {
    const r = await cli(['run', path.join(dir, 'none.yaml'), '--target', 'unix:']);
    expect(r.status).toBe(2);
    expect(r.err).toContain('--target "unix:": unix: needs the path of a socket after it');
  });
});
