import * as net from 'node:net';
import * as tls from 'node:tls';
import { localhostCertificate } from '../../net/certificate';
import { loadSpecText } from '../../load/load';
import { runSpec } from '../../run/run-spec';
import { sendPlanOf } from '../apply-plan';
import { describePlan, PLAIN_PLAN } from '../plan';
import { canFillBeforeCap, stallUntil, stallUntilBlocked, UNCHANGED_MS } from './backpressure';
import { CaseDelivery, unconfirmedSplit } from './delivery';
import { awaitRead } from './read-confirmed';
import { openSockDiag } from './sock-diag';
import type { FourTuple, SockDiag, SocketView } from './sock-diag';

const opened = openSockDiag();
const observable = typeof opened !== 'string';
/** Socket diagnostics are a Linux feature; elsewhere these tests say so instead of passing vacuously. */
const onLinux = process.platform === 'linux' ? describe : describe.skip;

let diag: SockDiag;
beforeAll(() => {
  if (process.platform === 'linux' && !observable) throw new Error(`sock_diag unavailable on Linux: ${opened}`);
  if (observable) diag = opened;
});
afterAll(() => {
  if (observable) opened.close();
});

const cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup.splice(0)) c();
});

/** A server on `host` whose accepted sockets are handed out; `pauseOnConnect` sockets read nothing until resumed. */
async function pair(
  host: string,
  connectHost: string,
  options: { pauseOnConnect?: boolean } = {},
): Promise<{ client: net.Socket; server: net.Socket; port: number }> {
  const accepted = new Promise<net.Socket>((resolve) => {
    const srv = net.createServer({ pauseOnConnect: options.pauseOnConnect ?? false }, resolve);
    cleanup.push(() => srv.close());
    srv.listen(0, host, () => {
      const port = (srv.address() as net.AddressInfo).port;
      const c = net.connect({ host: connectHost, port });
      cleanup.push(() => c.destroy());
      c.on('error', () => undefined);
      clientReady = new Promise((r) => c.once('connect', () => r(c)));
    });
  });
  let clientReady: Promise<net.Socket> | undefined;
  const server = await accepted;
  server.on('error', () => undefined);
  cleanup.push(() => server.destroy());
  const client = await clientReady!;
  return { client, server, port: client.remotePort! };
}

/** The server's socket, as seen from the client: its local end is the client's remote one. */
const serverSide = (c: net.Socket): FourTuple => ({
  localAddress: c.remoteAddress!,
  localPort: c.remotePort!,
  remoteAddress: c.localAddress!,
  remotePort: c.localPort!,
});
const clientSide = (c: net.Socket): FourTuple => ({
  localAddress: c.localAddress!,
  localPort: c.localPort!,
  remoteAddress: c.remoteAddress!,
  remotePort: c.remotePort!,
});

const written = (c: net.Socket, data: string): Promise<void> => new Promise((r) => c.write(data, () => r()));

onLinux('the socket diagnostics lookup', () => {
  it.each([
    ['IPv4', '127.0.0.1', '127.0.0.1'],
    ['IPv6', '::1', '::1'],
    ['IPv4 to a dual-stack listener (held as ::ffff:127.0.0.1)', '::', '127.0.0.1'],
  ])('%s: sees the bytes the other side received and has not read', async (_name, host, connectHost) => {
    const { client } = await pair(host, connectHost, { pauseOnConnect: true });
    await written(client, 'hello');
    let view = diag.lookup(serverSide(client));
    for (let i = 0; i < 50 && view?.bytesReceived !== 5; i++) {
      await new Promise((r) => setTimeout(r, 1));
      view = diag.lookup(serverSide(client));
    }
    expect(view).toMatchObject({ state: 1, bytesReceived: 5, recvQueue: 5 });
    expect(view!.sndbuf).toBeGreaterThan(0);
  });

  it('reports a connection that is gone as absent, not as the listening socket that answers for its port', async () => {
    const { client, server } = await pair('127.0.0.1', '127.0.0.1');
    const other = serverSide(client);
    expect(diag.lookup(other)).toBeDefined();
    server.resetAndDestroy();
    client.destroy();
    // The kernel lets go of the connection soon after; wait for that (bounded), not for a fixed time.
    for (const deadline = Date.now() + 2000; diag.lookup(other) !== undefined && Date.now() < deadline;) {
      await new Promise((r) => setImmediate(r));
    }
    expect(diag.lookup(other)).toBeUndefined();
  });
});

onLinux('waiting until the other side read a piece', () => {
  it('confirms a piece once the other side has read it', async () => {
    const { client, server } = await pair('127.0.0.1', '127.0.0.1');
    server.on('data', () => undefined);
    await written(client, 'piece');
    expect(await awaitRead(diag, serverSide(client), 5, 500)).toBe('read');
  });

  it('gives up at the cap when the other side does not read, and says so', async () => {
    const { client } = await pair('127.0.0.1', '127.0.0.1', { pauseOnConnect: true });
    await written(client, 'piece');
    const started = performance.now();
    expect(await awaitRead(diag, serverSide(client), 5, 30)).toBe('cap');
    expect(performance.now() - started).toBeGreaterThanOrEqual(29);
  });

  it('stops waiting when the other side is gone', async () => {
    const { client, server } = await pair('127.0.0.1', '127.0.0.1', { pauseOnConnect: true });
    await written(client, 'piece');
    const waiting = awaitRead(diag, serverSide(client), 5, 2000);
    server.destroy();
    expect(await waiting).toBe('gone');
  });
});

onLinux('the slow reader stalls until the other side is blocked', () => {
  // 16 MiB is more than the kernel holds for one connection (send buffer and receive buffer at their largest).
  it('ends once the other side is blocked on us, with its send buffer full or its queues stuck, long before the cap', async () => {
    const { client, server } = await pair('127.0.0.1', '127.0.0.1');
    client.pause();
    const big = Buffer.alloc(1 << 20, 0x61);
    const stalled = stallUntilBlocked(diag, serverSide(client), clientSide(client), 2000, () => client.readableLength);
    for (let i = 0; i < 16; i++) server.write(big);
    const outcome = await stalled;
    // Usually its send buffer fills; under TCP memory pressure (a loaded machine) the kernel refuses the
    // writer short of that, and the queues stop changing instead.
    // Either end is before the cap, the deadline stallUntilBlocked itself enforces.
    expect(['send buffer full', 'unchanged']).toContain(outcome.end);
    // The truth, from the writer's side: bytes it wrote are still waiting for the kernel to take them.
    expect(server.writableLength).toBeGreaterThan(0);
    expect(diag.lookup(serverSide(client))!.sendQueue).toBeGreaterThan(0);
  });

  /** The other side's kernel as a script of time: its view at `ms` since the stall began. */
  const scripted = (at: (ms: number) => Partial<SocketView>): SockDiag => {
    const started = performance.now();
    const base = { state: 1, recvQueue: 0, sendQueue: 0, bytesReceived: 0, wmemQueued: 0, sndbuf: 100_000 };
    return { lookup: () => ({ ...base, ...at(performance.now() - started) }), close: () => undefined };
  };
  const anyTuple: FourTuple = { localAddress: '127.0.0.1', localPort: 1, remoteAddress: '127.0.0.1', remotePort: 2 };

  it('ends at the first look that sees the send buffer full', async () => {
    // A script of looks, not of time: each look asks the kernel about both sides, other side first.
    let lookups = 0;
    const look = (): number => Math.ceil(lookups / 2);
    const base = { state: 1, recvQueue: 0, sendQueue: 0, bytesReceived: 0, wmemQueued: 0, sndbuf: 100_000 };
    const kernel: SockDiag = {
      lookup: () => {
        lookups++;
        return { ...base, ...(look() < 6 ? { wmemQueued: 40_000 } : { wmemQueued: 100_000, sendQueue: 90_000 }) };
      },
      close: () => undefined,
    };
    const outcome = await stallUntilBlocked(kernel, anyTuple, anyTuple, 2000, () => 0);
    expect(outcome.end).toBe('send buffer full');
    expect(look()).toBe(6);
  });

  it('does not take a producer that writes every 5 ms for a blocked one', async () => {
    const kernel = scripted((ms) => ({ sendQueue: 64_000 * Math.floor(ms / 5), wmemQueued: 64 * Math.floor(ms / 5) }));
    const outcome = await stallUntilBlocked(kernel, anyTuple, anyTuple, 80, () => 0);
    expect(outcome.end).toBe('cap');
  });

  it('ends soon after a one-line reply: at the rate it came, it could not fill a send buffer before the cap', async () => {
    const { client, server } = await pair('127.0.0.1', '127.0.0.1');
    client.pause();
    server.write('a small reply\n');
    const outcome = await stallUntilBlocked(
      diag,
      serverSide(client),
      clientSide(client),
      2000,
      () => client.readableLength,
    );
    // Not 'cap': it ended before the deadline stallUntilBlocked itself enforces.
    expect(outcome.end).toBe('cannot fill');
    expect(outcome.afterMs).toBeGreaterThanOrEqual(2);
  });

  it('calls a one-line reply hopeless even when a look comes late, past the unchanged quiet', async () => {
    // A loaded machine: the first look keeps the thread busy past UNCHANGED_MS, so the second sees a long quiet.
    let looks = 0;
    const queues = () => {
      looks++;
      if (looks === 1) {
        const until = performance.now() + UNCHANGED_MS + 5;
        while (performance.now() < until);
      }
      return { sndbuf: 2_500_000, charged: 14, inFlight: 0, unreadHere: 14 };
    };
    const outcome = await stallUntil(queues, 2000, () => 0);
    expect(outcome.end).toBe('cannot fill');
    expect(outcome.afterMs).toBeGreaterThanOrEqual(UNCHANGED_MS);
  });

  it('ends once a reply that could fill the buffer by its rate stopped short and sat unchanged for 10 ms', async () => {
    // 90 kB in the first millisecond of a 100 kB buffer: at that rate it fills in no time, so the quiet must be long.
    const kernel = scripted((ms) => ({ sendQueue: ms < 1 ? 0 : 90_000, wmemQueued: ms < 1 ? 0 : 90_000 }));
    const outcome = await stallUntilBlocked(kernel, anyTuple, anyTuple, 2000, () => 0);
    expect(outcome.end).toBe('unchanged');
    expect(outcome.afterMs).toBeGreaterThanOrEqual(10);
  });

  it.each([
    ['a line, all at once, into 2.5 MB', 2_500_000, 14, 0, 200, false],
    ['64 kB every 5 ms into 2.5 MB, 200 ms left', 2_500_000, 64_000, 0, 200, true],
    ['64 kB every 5 ms into 2.5 MB, 20 ms left', 2_500_000, 640_000, 50, 20, false],
    ['a buffer already full', 100_000, 100_000, 30, 0, true],
    ['no size known', -1, 10, 0, 200, true],
  ])(
    'judges whether the other side could fill its buffer in time: %s',
    (_what, sndbuf, produced, activeMs, leftMs, can) => {
      expect(canFillBeforeCap(sndbuf, produced, activeMs, leftMs)).toBe(can);
    },
  );

  it('ends at the cap when nothing ever comes', async () => {
    const { client } = await pair('127.0.0.1', '127.0.0.1');
    client.pause();
    const outcome = await stallUntilBlocked(diag, serverSide(client), clientSide(client), 40, () => 0);
    expect(outcome.end).toBe('cap');
    expect(outcome.afterMs).toBeGreaterThanOrEqual(39);
  });
});

describe("a case's delivery report", () => {
  const spec = loadSpecText('d.yaml', 'name: d\nsteps:\n  - send: "PING\\n"\n  - expect: "OK\\n"\n  - close\n');
  const split = { ...PLAIN_PLAN, sends: [{ cuts: [2], gapMs: 0 }] };

  /** A line server that reads nothing for its first `lateMs`. */
  async function lateReader(lateMs: number): Promise<{ port: number; close: () => void }> {
    const srv = net.createServer({ pauseOnConnect: true }, (s) => {
      s.on('error', () => undefined);
      let pending = '';
      s.on('data', (d) => {
        pending += d.toString();
        if (pending.includes('\n')) s.write('OK\n');
      });
      setTimeout(() => s.resume(), lateMs);
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    return { port: (srv.address() as net.AddressInfo).port, close: () => srv.close() };
  }

  (observable ? it : it.skip)('says each piece was confirmed read apart', async () => {
    const srv = await lateReader(0);
    cleanup.push(srv.close);
    const delivery = new CaseDelivery({ choice: 'auto', gapMs: 20, capMs: 500 });
    const r = await runSpec(spec, {
      target: { host: '127.0.0.1', port: srv.port },
      peer: { plan: sendPlanOf(split, delivery) },
    });
    expect(r.failure?.message).toBeUndefined();
    const report = delivery.report();
    expect(report.mode).toBe('read-confirmed');
    expect(report.sends).toEqual([{ ordinal: 1, pieces: 2, confirmed: 2, unconfirmed: 0, gone: 0, timed: 0 }]);
    expect(describePlan(split, [1], report)).toBe(
      'send #1 (step 1) split after byte 2 (each piece confirmed read apart)',
    );
  });

  (observable ? it : it.skip)('marks a split whose pieces could not be confirmed apart within the cap', async () => {
    const srv = await lateReader(150);
    cleanup.push(srv.close);
    const delivery = new CaseDelivery({ choice: 'auto', gapMs: 20, capMs: 30 });
    const r = await runSpec(spec, {
      target: { host: '127.0.0.1', port: srv.port },
      peer: { plan: sendPlanOf(split, delivery) },
    });
    expect(r.failure?.message).toBeUndefined();
    const report = delivery.report();
    expect(report.sends[0]).toMatchObject({ pieces: 2, confirmed: 0, unconfirmed: 2 });
    expect(unconfirmedSplit(report)).toBe(true);
    expect(describePlan(split, [1], report)).toBe(
      'send #1 (step 1) split after byte 2 (NOT confirmed apart: a piece was still unread by the other side after 30 ms, so pieces may have merged)',
    );
  });

  it('inside TLS, confirms a piece only once the bytes on the wire arrived, records and handshake included', async () => {
    const { key, cert } = await localhostCertificate();
    const srv = tls.createServer({ key, cert }, (s) => s.on('data', () => undefined));
    cleanup.push(() => srv.close());
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const raw = net.connect((srv.address() as net.AddressInfo).port, '127.0.0.1');
    cleanup.push(() => raw.destroy());
    const secure = tls.connect({ socket: raw, rejectUnauthorized: false });
    await new Promise((r) => secure.once('secureConnect', r));
    // The other side's kernel, as a stand-in: it has received `received` bytes and holds none unread.
    let received = 0;
    const kernel: SockDiag = {
      lookup: () => ({ state: 1, recvQueue: 0, sendQueue: 0, bytesReceived: received, wmemQueued: 0, sndbuf: 1 }),
      close: () => undefined,
    };
    const delivery = new CaseDelivery({ choice: 'auto', gapMs: 5, capMs: 30 }, { tcp: () => kernel });
    const hook = delivery.on({ socket: raw });

    await new Promise((r) => secure.write('PI', r));
    received = secure.bytesWritten; // the plaintext count: short of the record that carries it
    await hook.afterPiece(1, 0, 1);
    await new Promise((r) => secure.write('NG', r));
    received = raw.bytesWritten;
    await hook.afterPiece(2, 0, 1);

    expect(secure.bytesWritten).toBe(4);
    expect(raw.bytesWritten).toBeGreaterThan(4);
    expect(delivery.report().sends).toEqual([
      { ordinal: 1, pieces: 1, confirmed: 0, unconfirmed: 1, gone: 0, timed: 0 },
      { ordinal: 2, pieces: 1, confirmed: 1, unconfirmed: 0, gone: 0, timed: 0 },
    ]);
  });

  it('uses timed gaps when asked to, and says why and how long', async () => {
    const srv = await lateReader(0);
    cleanup.push(srv.close);
    const delivery = new CaseDelivery({ choice: 'timed', gapMs: 20, capMs: 500 });
    const started = performance.now();
    await runSpec(spec, { target: { host: '127.0.0.1', port: srv.port }, peer: { plan: sendPlanOf(split, delivery) } });
    expect(performance.now() - started).toBeGreaterThanOrEqual(19);
    const report = delivery.report();
    expect(report).toMatchObject({ mode: 'timed', why: 'timed gaps were asked for', gapMs: 20 });
    expect(describePlan(split, [1], report)).toBe(
      'send #1 (step 1) split after byte 2 (timed: 20 ms gaps, not confirmed)',
    );
  });

  it('falls back to timed gaps, with the reason, where socket diagnostics are unavailable', async () => {
    const srv = await lateReader(0);
    cleanup.push(srv.close);
    const delivery = new CaseDelivery(
      { choice: 'auto', gapMs: 5, capMs: 500 },
      { tcp: () => 'socket diagnostics need Linux (this is darwin)' },
    );
    await runSpec(spec, { target: { host: '127.0.0.1', port: srv.port }, peer: { plan: sendPlanOf(split, delivery) } });
    expect(delivery.report()).toMatchObject({ mode: 'timed', why: 'socket diagnostics need Linux (this is darwin)' });
  });
});
