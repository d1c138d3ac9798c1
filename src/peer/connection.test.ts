import * as net from 'node:net';
import { Transcript } from '../transcript/transcript';
import { PeerConnection } from './connection';

/** A connected pair on loopback: our PeerConnection and the raw socket of the other side. */
async function pair(): Promise<{ conn: PeerConnection; other: net.Socket; close: () => void }> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const accepted = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
  const socket = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  const other = await accepted;
  const conn = new PeerConnection(socket, new Transcript(), { highWater: 1 << 20 });
  return {
    conn,
    other,
    close: () => {
      conn.dispose();
      other.destroy();
      server.close();
    },
  };
}

describe('PeerConnection.waitForActivity', () => {
  let close: () => void = () => undefined;
  afterEach(() => close());

  it('times out no earlier than asked, also when a longer wait armed the shared timer first', async () => {
    const p = await pair();
    close = p.close;
    const long = p.conn.waitForActivity(5000);
    p.other.write('x');
    expect(await long).toBe('activity');
    const started = performance.now();
    expect(await p.conn.waitForActivity(50)).toBe('timeout');
    expect(performance.now() - started).toBeGreaterThanOrEqual(50);
  });

  it('waits its whole time when an earlier deadline fires first', async () => {
    const p = await pair();
    close = p.close;
    const started = performance.now();
    const short = p.conn.waitForActivity(20);
    const long = p.conn.waitForActivity(120);
    expect(await short).toBe('timeout');
    expect(await long).toBe('timeout');
    expect(performance.now() - started).toBeGreaterThanOrEqual(120);
  });

  it('wakes on arrival well before the timeout', async () => {
    const p = await pair();
    close = p.close;
    const wait = p.conn.waitForActivity(5000);
    p.other.write('y');
    // 'activity', not 'timeout': it woke before the 5 s the wait itself enforces.
    expect(await wait).toBe('activity');
  });
});

describe('PeerConnection.watch', () => {
  let close: () => void = () => undefined;
  afterEach(() => close());

  it('calls the watcher once, inside the arrival, with the bytes already in input', async () => {
    const p = await pair();
    close = p.close;
    const seen: { wake: string; unread: string }[] = [];
    const called = new Promise<void>((resolve) =>
      p.conn.watch(performance.now() + 5000, (wake) => {
        seen.push({ wake, unread: p.conn.input.peek(16).toString() });
        resolve();
      }),
    );
    p.other.write('pong\n');
    await called;
    p.other.write('more');
    await p.conn.waitForActivity(5000);
    expect(seen).toEqual([{ wake: 'activity', unread: 'pong\n' }]);
  });

  it('calls the watcher with timeout when nothing arrives, no earlier than its deadline', async () => {
    const p = await pair();
    close = p.close;
    const deadline = performance.now() + 60;
    const wake = await new Promise<{ wake: string; at: number }>((resolve) =>
      p.conn.watch(deadline, (w) => resolve({ wake: w, at: performance.now() })),
    );
    expect(wake.wake).toBe('timeout');
    expect(wake.at).toBeGreaterThanOrEqual(deadline);
  });

  it('keeps its own deadline when a shorter promise wait fired the shared timer first', async () => {
    const p = await pair();
    close = p.close;
    const deadline = performance.now() + 120;
    const watched = new Promise<{ wake: string; at: number }>((resolve) =>
      p.conn.watch(deadline, (w) => resolve({ wake: w, at: performance.now() })),
    );
    expect(await p.conn.waitForActivity(20)).toBe('timeout');
    const wake = await watched;
    expect(wake.wake).toBe('timeout');
    expect(wake.at).toBeGreaterThanOrEqual(deadline);
  });
});
