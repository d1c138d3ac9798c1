/**
 * The other side of a Unix socket, watched through the kernel as a TCP one
 * is: a piece counts as read only once the server read it, a closed server
 * is gone, a server writing to a reader that stalls is seen blocked. (That
 * `tcpspec fuzz` against a Unix socket so keeps its pieces apart by confirmed
 * reads is in test/unit/fuzz.test.ts.)
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as readline from 'node:readline';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { localhostCertificate } from '../../net/certificate';
import { stallUntil } from './backpressure';
import { awaitOutcome } from './read-confirmed';
import { sharedDiagnostics, watchPeer } from './peer-watch';
import type { PeerWatch } from './peer-watch';

const onLinux = process.platform === 'linux' ? describe : describe.skip;

let dir: string;
const cleanup: (() => void)[] = [];
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpspec-watch-'));
});
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
  fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * A server on a Unix socket in `dir`; with `pauseOnConnect` its sockets read
 * nothing until resumed; with `pauseClient` the client reads nothing from the
 * start, not even the first chunk a paused Node socket still takes.
 */
async function unixPair(
  onConnection: (s: net.Socket) => void = () => undefined,
  pauseOnConnect = false,
  pauseClient = false,
): Promise<{ client: net.Socket; server: net.Socket }> {
  const socketPath = path.join(dir, 'server.sock');
  const accepted = new Promise<net.Socket>((resolve) => {
    const srv = net.createServer({ pauseOnConnect }, (s) => {
      s.on('error', () => undefined);
      cleanup.push(() => s.destroy());
      onConnection(s);
      resolve(s);
    });
    cleanup.push(() => srv.close());
    srv.listen(socketPath);
  });
  await new Promise((r) => setImmediate(r));
  const client = net.connect(socketPath);
  if (pauseClient) client.pause();
  client.on('error', () => undefined);
  cleanup.push(() => client.destroy());
  await new Promise((r) => client.once('connect', r));
  return { client, server: await accepted };
}

const LATE_ACCEPT = `
import socket, sys
s = socket.socket(socket.AF_UNIX)
s.bind(sys.argv[1])
s.listen()
print("listening", flush=True)
sys.stdin.readline()
c, _ = s.accept()
print("accepted", flush=True)
while c.recv(65536):
    pass
`;

/** The lines a stream prints, one per call, each within 5 s. */
function lines(stream: NodeJS.ReadableStream): { next(): Promise<string> } {
  const rl = readline.createInterface({ input: stream });
  const iterator = rl[Symbol.asyncIterator]();
  cleanup.push(() => rl.close());
  return {
    next: async () => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('no line within 5 s')), 5000);
      });
      try {
        const r = await Promise.race([iterator.next(), late]);
        return r.done ? '' : r.value;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

function watchOf(client: net.Socket): PeerWatch {
  const watch = watchPeer(client, sharedDiagnostics);
  if ('why' in watch) throw new Error(`no watch on a Unix socket: ${watch.why}`);
  return watch;
}

onLinux('a watch on the other side of a Unix socket', () => {
  it('counts a piece as read only once the server has read it', async () => {
    const { client, server } = await unixPair(undefined, true);
    const watch = watchOf(client);
    await new Promise((r) => client.write('PING\n', r));
    expect(await awaitOutcome(() => watch.readOutcome(), 30)).toBe('cap');
    server.resume();
    expect(await awaitOutcome(() => watch.readOutcome(), 2000)).toBe('read');
  });

  it('says the server is gone once it closed', async () => {
    const { client, server } = await unixPair();
    const watch = watchOf(client);
    server.destroy();
    expect(await awaitOutcome(() => watch.readOutcome(), 2000)).toBe('gone');
  });

  it('sees a server that writes to a reader that stalls become blocked, before the cap', async () => {
    const { client } = await unixPair((s) => s.write(Buffer.alloc(8 << 20)), false, true);
    const watch = watchOf(client);
    const stall = await stallUntil(
      () => watch.queues(),
      5000,
      () => client.readableLength,
    );
    expect(stall.end).toBe('send buffer full');
    const queues = watch.queues()!;
    expect(queues.charged).toBeGreaterThanOrEqual(queues.sndbuf);
    expect(queues.unreadHere).toBeGreaterThan(0);
  });

  it('watches a connection the server has not accepted yet, and counts its piece read once it has', async () => {
    const socketPath = path.join(dir, 'late.sock');
    // Listens, and accepts (then reads everything) only when told to on stdin.
    const server = spawn('python3', ['-c', LATE_ACCEPT, socketPath], { stdio: ['pipe', 'pipe', 'inherit'] });
    cleanup.push(() => server.kill());
    const said = lines(server.stdout);
    expect(await said.next()).toBe('listening');
    const client = net.connect(socketPath);
    client.on('error', () => undefined);
    cleanup.push(() => client.destroy());
    await new Promise((r) => client.once('connect', r));
    const watch = watchOf(client);
    await new Promise((r) => client.write('PING\n', r));
    expect(await awaitOutcome(() => watch.readOutcome(), 30)).toBe('cap');
    server.stdin.write('accept\n');
    expect(await said.next()).toBe('accepted');
    expect(await awaitOutcome(() => watch.readOutcome(), 2000)).toBe('read');
  });

  it('counts a large piece through TLS as read only once the server has read all of it', async () => {
    const { key, cert } = await localhostCertificate();
    const socketPath = path.join(dir, 'tls.sock');
    let got = 0;
    const accepted: tls.TLSSocket[] = [];
    const srv = tls.createServer({ key, cert }, (s) => {
      accepted.push(s);
      s.pause();
      s.on('data', (d: Buffer) => (got += d.length));
      s.on('error', () => undefined);
    });
    cleanup.push(() => srv.close());
    await new Promise<void>((r) => srv.listen(socketPath, r));
    const raw = net.connect(socketPath);
    raw.on('error', () => undefined);
    cleanup.push(() => raw.destroy());
    const secure = tls.connect({ socket: raw, rejectUnauthorized: false });
    secure.on('error', () => undefined);
    await new Promise((r) => secure.once('secureConnect', r));
    const watch = watchOf(raw);
    const size = 8 << 20;
    secure.write(Buffer.alloc(size));
    // The records beyond the socket buffer wait in Node, not in the kernel: not read yet.
    expect(await awaitOutcome(() => watch.readOutcome(), 50)).toBe('cap');
    expect(accepted).toHaveLength(1);
    accepted[0]!.resume();
    expect(await awaitOutcome(() => watch.readOutcome(), 10_000)).toBe('read');
    expect(got).toBe(size);
  });
});
