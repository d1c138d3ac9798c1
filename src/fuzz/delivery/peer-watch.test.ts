/**
 * The other side of a Unix socket, watched through the kernel as a TCP one
 * is: a piece counts as read only once the server read it, a closed server
 * is gone, a server writing to a reader that stalls is seen blocked, and so
 * `tcpspec fuzz` against a Unix socket keeps its pieces apart by confirmed
 * reads instead of timed gaps.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadSpecText } from '../../load/load';
import { fuzzSpec } from '../fuzz-spec';
import { stallUntil } from './backpressure';
import { awaitOutcome } from './read-confirmed';
import { sharedSockDiag } from './sock-diag';
import { sharedUnixDiag } from './unix-diag';
import { watchPeer } from './peer-watch';
import type { PeerWatch } from './peer-watch';

const onLinux = process.platform === 'linux' ? describe : describe.skip;
const diagnostics = { tcp: sharedSockDiag, unix: sharedUnixDiag };

let dir: string;
const cleanup: (() => void)[] = [];
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpspec-watch-'));
});
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A server on a Unix socket in `dir`; with `pauseOnConnect` its sockets read nothing until resumed. */
async function unixPair(
  onConnection: (s: net.Socket) => void = () => undefined,
  pauseOnConnect = false,
): Promise<{ client: net.Socket; server: net.Socket; socketPath: string }> {
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
  client.on('error', () => undefined);
  cleanup.push(() => client.destroy());
  await new Promise((r) => client.once('connect', r));
  return { client, server: await accepted, socketPath };
}

function watchOf(client: net.Socket): PeerWatch {
  const watch = watchPeer(client, diagnostics);
  if ('why' in watch) throw new Error(`no watch on a Unix socket: ${watch.why}`);
  return watch;
}

onLinux('a watch on the other side of a Unix socket', () => {
  it('counts a piece as read only once the server has read it', async () => {
    const { client, server } = await unixPair(undefined, true);
    const watch = watchOf(client);
    await new Promise((r) => client.write('PING\n', r));
    expect(await awaitOutcome(() => watch.readOutcome(client), 30)).toBe('cap');
    server.resume();
    expect(await awaitOutcome(() => watch.readOutcome(client), 2000)).toBe('read');
  });

  it('says the server is gone once it closed', async () => {
    const { client, server } = await unixPair();
    const watch = watchOf(client);
    server.destroy();
    expect(await awaitOutcome(() => watch.readOutcome(client), 2000)).toBe('gone');
  });

  it('sees a server that writes to a reader that stalls become blocked, before the cap', async () => {
    const { client } = await unixPair((s) => s.write(Buffer.alloc(8 << 20)));
    client.pause();
    const watch = watchOf(client);
    const stall = await stallUntil(
      () => watch.queues(),
      5000,
      () => client.readableLength,
    );
    expect(['send buffer full', 'unchanged']).toContain(stall.end);
  });
});

const spec = loadSpecText(
  'specs/lines.yaml',
  `name: lines
steps:
  - send: "PING\\n"
  - expect: "OK PING\\n"
  - send: "HELLO WORLD\\n"
  - expect: "OK HELLO WORLD\\n"
  - close
`,
);

onLinux('tcpspec fuzz against a Unix socket', () => {
  it('confirms each piece read apart, and shrinks a read-is-line server to a single cut', async () => {
    const { socketPath } = await unixPair();
    cleanup.splice(0).forEach((c) => c()); // only the path is wanted: a fresh server listens there below
    const srv = net.createServer((s) => s.on('data', (d) => s.write(`OK ${d.toString().trim()}\n`)));
    cleanup.push(() => srv.close());
    await new Promise<void>((r) => srv.listen(socketPath, r));
    const r = await fuzzSpec(spec, { target: { path: socketPath }, seed: 1, runs: 100 });
    expect(r.delivery).toMatchObject({ mode: 'read-confirmed' });
    expect(r.status).toBe('failed');
    expect(r.failure!.plan.sends.flatMap((s) => s.cuts)).toHaveLength(1);
    expect(r.failure!.words).toMatch(/\(each piece confirmed read apart\)$/);
  });
});
