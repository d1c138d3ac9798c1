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
    const started = performance.now();
    const wait = p.conn.waitForActivity(5000);
    setTimeout(() => p.other.write('y'), 10);
    expect(await wait).toBe('activity');
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
