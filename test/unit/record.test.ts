import { tcpOf } from '../support/tcp-of';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { startRecordingProxy } from '../../src/record/proxy';
import { runSpecFile } from '../../src/run/run-spec';
import { loadSpecFile } from '../../src/load/load';
import { cli, startCli } from './cli-io';
import type { StartedCli } from './cli-io';
import { rawServer } from './raw-server';
import type { RawServer } from './raw-server';

/** A small line protocol with a greeting, a binary reply, and a goodbye that closes. */
const protocolServer = () =>
  rawServer((s) => {
    s.write('+READY tcpspec-test\r\n');
    let pending = '';
    s.on('data', (d) => {
      pending += d.toString('latin1');
      for (let i = pending.indexOf('\n'); i >= 0; i = pending.indexOf('\n')) {
        const line = pending.slice(0, i).trim();
        pending = pending.slice(i + 1);
        if (line === 'QUIT') s.end('+BYE\r\n');
        else if (line === 'BIN') s.write(Buffer.from([0x00, 0x01, 0xfe, 0xff]));
        else s.write(`+ECHO ${line}\r\n`);
      }
    });
  });

const GREETING = '+READY tcpspec-test\r\n';
/** What the client sends, each after the replies so far have fully arrived. */
const SCRIPT: readonly (readonly [string, number])[] = [
  ['HELLO there\r\n', GREETING.length],
  ['BIN\r\n', GREETING.length + '+ECHO HELLO there\r\n'.length],
  ['QUIT\r\n', GREETING.length + '+ECHO HELLO there\r\n'.length + 4],
];

/** Plays a client: sends each command once the previous reply arrived, then waits (bounded) for the server to close. */
function client(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('client: conversation did not finish within 5000ms'));
    }, 5000);
    let received = 0;
    let next = 0;
    socket.on('data', (d) => {
      received += d.length;
      while (next < SCRIPT.length && received >= SCRIPT[next]![1]) socket.write(SCRIPT[next++]![0]);
    });
    socket.on('end', () => socket.end());
    socket.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.on('error', reject);
  });
}

let server: RawServer | undefined;
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpspec-record-'));
});
afterEach(async () => {
  await server?.close();
  server = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('tcpspec record', () => {
  it('passes the conversation through unchanged and records every byte and both closes', async () => {
    server = await protocolServer();
    const proxy = await startRecordingProxy({
      listen: { host: '127.0.0.1', port: 0 },
      forward: server.address,
      timeoutMs: 5000,
    });
    await client(tcpOf(proxy.address).port);
    const recording = await proxy.recording;
    expect(recording.stoppedBy).toBe('closed');
    const bytes = (from: string) =>
      Buffer.concat(recording.events.flatMap((e) => (e.from === from && e.type === 'data' ? [e.bytes] : [])));
    expect(bytes('client').toString()).toBe('HELLO there\r\nBIN\r\nQUIT\r\n');
    expect(bytes('server')).toEqual(
      Buffer.concat([
        Buffer.from('+READY tcpspec-test\r\n+ECHO HELLO there\r\n'),
        Buffer.from([0, 1, 0xfe, 0xff]),
        Buffer.from('+BYE\r\n'),
      ]),
    );
    expect(recording.events.filter((e) => e.type === 'end').map((e) => e.from)).toEqual(['server', 'client']);
  });

  it('writes a spec that replays green against the same server', async () => {
    server = await protocolServer();
    const out = path.join(dir, 'specs', 'recorded.yaml');
    const recording = startCli([
      'record',
      '--listen',
      '127.0.0.1:0',
      '--forward',
      `127.0.0.1:${server.port}`,
      '--out',
      out,
      '--name',
      'recorded session',
      '--timeout',
      '5s',
    ]);
    await client(await announcedPort(recording));
    const r = await recording.done;
    expect(r.status).toBe(0);
    expect(r.out).toContain(`wrote ${out}: 9 steps (3 send, 5 expect)`);

    const text = fs.readFileSync(out, 'utf8');
    expect(text.split('\n')[0]).toMatch(/^# yaml-language-server: \$schema=.*schema\/tcpspec\.schema\.json$/);
    expect(text).toContain('  - expect: { hex: "00 01 fe ff" }');
    expect(text).toContain('  - expect: eof');
    expect(loadSpecFile(out).warnings).toEqual([]);

    const replay = await runSpecFile(out, { target: server.address });
    expect(replay.failure).toBeUndefined();
    expect(replay.status).toBe('passed');
  });

  it('exits 2 naming the address when the real server cannot be reached', async () => {
    const closed = await rawServer(() => undefined);
    const port = closed.port;
    await closed.close();
    const recording = startCli([
      'record',
      '--listen',
      '0',
      '--forward',
      `127.0.0.1:${port}`,
      '--out',
      path.join(dir, 'x.yaml'),
      '--timeout',
      '5s',
    ]);
    const socket = net.connect({ host: '127.0.0.1', port: await announcedPort(recording) });
    socket.on('error', () => undefined);
    const r = await recording.done;
    socket.destroy();
    expect(r.status).toBe(2);
    expect(r.err).toContain(`cannot connect to 127.0.0.1:${port}: connection refused`);
    expect(fs.existsSync(path.join(dir, 'x.yaml'))).toBe(false);
  });

  it('exits 2 when no client connects before --timeout', async () => {
    const r = await cli([
      'record',
      '--listen',
      '0',
      '--forward',
      '127.0.0.1:9',
      '--out',
      path.join(dir, 'x.yaml'),
      '--timeout',
      '200ms',
    ]);
    expect(r.status).toBe(2);
    expect(r.err).toMatch(/no client connected to 127\.0\.0\.1:\d+ within 200ms; nothing was recorded/);
  });
});

/** The port `tcpspec record` announced on stdout. */
async function announcedPort(recording: StartedCli): Promise<number> {
  return Number((await recording.printed(/listening on 127\.0\.0\.1:(\d+)/))[1]);
}
