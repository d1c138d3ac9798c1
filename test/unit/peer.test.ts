import { tcpOf } from '../support/tcp-of';
import * as net from 'node:net';
import { AcceptTimeoutError } from '../../src/peer/errors';
import { TargetUnreachableError } from '../../src/net/errors';
import {
  BufferLimitError,
  ConnectionResetError,
  SendStalledError,
  StepMismatchError,
  StepTimeoutError,
  UnexpectedDataError,
  UnexpectedEofError,
} from '../../src/peer/step-errors';
import { playAsClient } from '../../src/peer/client';
import { listenAsServer } from '../../src/peer/server';
import { loadSpecText } from '../../src/load/load';
import type { TranscriptEvent } from '../../src/transcript/transcript';
import { SPLIT_EVENT } from '../../src/peer/outgoing';
import type { SendPlan } from '../../src/peer/send-plan';
import { rawServer } from './raw-server';
import type { RawServer } from './raw-server';

const receivedSize = (e: TranscriptEvent): number => (e.type === 'received' ? e.size : 0);
const spec = (steps: string, extra = 'timeout: 2s\n') =>
  loadSpecText('specs/peer.yaml', `name: peer test\n${extra}steps:\n${steps}`);

let server: RawServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('hostile servers get a typed failure naming the step, never a hang', () => {
  it('one that never answers: a timeout saying what was awaited and what had arrived', async () => {
    server = await rawServer((s) => s.write('220 par'));
    const started = Date.now();
    // Never a hang: the step's own 300 ms timeout ends it (a hang would meet jest's timeout instead).
    const r = await playAsClient(spec('  - expect: /220 .*/\n    timeout: 300ms\n'), server.address);
    expect(r.failure).toBeInstanceOf(StepTimeoutError);
    expect(r.failure!.message).toBe(
      'specs/peer.yaml:4 step 1 (expect): a line matching /220 .*/ (7 bytes of it so far, no line ending yet) not received after 300ms; unread by then: "220 par"',
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('one that resets in the middle of a reply: a reset error with the byte counts', async () => {
    server = await rawServer((s) => {
      s.once('data', () => {
        s.write('+PARTIAL REP');
        setTimeout(() => s.resetAndDestroy(), 50);
      });
    });
    const r = await playAsClient(
      spec('  - send: "GET\\r\\n"\n  - expect: "+PARTIAL REPLY\\r\\n"\n  - close\n'),
      server.address,
    );
    expect(r.failure).toBeInstanceOf(ConnectionResetError);
    expect(r.failure!.message).toMatch(
      /^specs\/peer\.yaml:5 step 2 \(expect\): connection reset by the other side \(ECONNRESET\) after 12 bytes received and 5 bytes sent$/,
    );
    expect(r.notRun.map((s) => s.index)).toEqual([3]);
  });

  it('one that closes early: an end-of-stream error saying after how many bytes', async () => {
    server = await rawServer((s) => s.end('250-first\r\n'));
    const r = await playAsClient(spec('  - expect: { until: /250 .*/, each: /250-.*/ }\n'), server.address);
    expect(r.failure).toBeInstanceOf(UnexpectedEofError);
    expect(r.failure!.message).toMatch(
      /closed the connection after 11 bytes while a line matching \/250 \.\*\/ \(after 1 line of the block\) was expected/,
    );
  });

  it('one that floods garbage: a mismatch at the first byte for an exact reply', async () => {
    server = await rawServer((s) => s.write(Buffer.alloc(8 * 1024 * 1024, 0xfe)));
    const r = await playAsClient(spec('  - expect: "+OK\\r\\n"\n'), server.address);
    expect(r.failure).toBeInstanceOf(StepMismatchError);
    expect(r.failure!.message).toContain('(first difference at byte 0)');
    expect(r.failure!.message).toContain('00000000  fe fe fe');
  });

  it('one that floods 100 MB without a newline: a buffer-limit error, and reading stops', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x41);
    server = await rawServer((s) => {
      let sent = 0;
      const pump = (): void => {
        while (sent < 100 && s.write(chunk)) sent += 1;
        if (sent < 100) s.once('drain', pump);
      };
      pump();
    });
    const r = await playAsClient(spec('  - expect: /OK/\n'), server.address, { limits: { maxUnit: 4 * 1024 * 1024 } });
    expect(r.failure).toBeInstanceOf(BufferLimitError);
    expect(r.failure!.message).toMatch(/sent 4\.0 MiB without completing a line matching \/OK\/.*it begins "AAAA/);
    const received = r.transcript.events.reduce((n, e) => n + receivedSize(e), 0);
    expect(received).toBeLessThan(20 * 1024 * 1024);
  });

  it('a server that cannot be reached: TargetUnreachableError naming the address', async () => {
    server = await rawServer(() => undefined);
    const port = server.port;
    await server.close();
    server = undefined;
    const played = playAsClient(spec('  - close\n'), { host: '127.0.0.1', port });
    await expect(played).rejects.toBeInstanceOf(TargetUnreachableError);
    await expect(played).rejects.toMatchObject({
      message: `cannot connect to 127.0.0.1:${port}: connection refused (is the server running?)`,
      host: '127.0.0.1',
      port,
      cause: { code: 'ECONNREFUSED' },
    });
  });
});

describe('steps', () => {
  it('silence passes when nothing arrives and fails at once when a byte does', async () => {
    server = await rawServer((s) => s.on('data', (d) => d.includes(0x0a) && s.write('answer\n')));
    const quiet = await playAsClient(
      spec('  - send: "half a comm"\n  - silence: 150ms\n  - send: "and\\n"\n  - expect: "answer\\n"\n'),
      server.address,
    );
    expect(quiet.failure).toBeUndefined();
    const noisy = await playAsClient(spec('  - send: "whole\\n"\n  - silence: 1s\n'), server.address);
    expect(noisy.failure).toBeInstanceOf(UnexpectedDataError);
    expect(noisy.failure!.message).toMatch(/step 2 \(silence\): expected silence, but "answer\\n" arrived after \d+ms/);
  });

  it('sleep does not read, so the other side meets backpressure', async () => {
    const total = 48 * 1024 * 1024;
    server = await rawServer((s) => s.end(Buffer.alloc(total, 0x61)));
    const r = await playAsClient(
      // 20 s is a bound, not a pace: 48 MiB took over 2 s once on a loaded machine.
      spec(`  - sleep: 400ms\n  - expect: { bytes: ${total} }\n  - expect: eof\n`, 'timeout: 20s\n'),
      server.address,
    );
    expect(r.failure).toBeUndefined();
    const events = r.transcript.events;
    const sleepStart = events.find((e) => e.type === 'step' && e.kind === 'sleep' && e.outcome === 'start')!.t;
    const sleepEnd = events.find((e) => e.type === 'step' && e.kind === 'sleep' && e.outcome === 'pass')!.t;
    const duringSleep = events
      .filter((e) => e.t > sleepStart && e.t < sleepEnd)
      .reduce((n, e) => n + receivedSize(e), 0);
    expect(duringSleep).toBeLessThan(1024 * 1024);
  });

  it('a send split by a plan writes no further piece, and marks no cut, once a step after it failed', async () => {
    // Treats each read as one line, at once: the reply to the first piece fails the expect.
    server = await rawServer((s) => s.on('data', (d) => s.write(`OK ${d.toString().trim()}\n`)));
    let released!: () => void;
    const writerMovedOn = new Promise<void>((resolve) => (released = resolve));
    const plan: SendPlan = {
      mergedSends: () => [],
      pieces: (_ordinal, length) => [
        { end: 5, pauseBefore: 0 },
        { end: length, pauseBefore: 0 },
      ],
      // The first piece is held until the expect failed on its reply and the connection closed.
      deliveryOn: (conn) => ({
        afterPiece: async (_ordinal, piece) => {
          for (let waited = 0; piece === 0 && !conn.destroyed && waited < 2000; waited += 5)
            await new Promise((r) => setTimeout(r, 5));
          if (piece === 0) setImmediate(released);
        },
      }),
    };
    const r = await playAsClient(
      spec('  - send: "HELLO WORLD\\n"\n  - expect: "OK HELLO WORLD\\n"\n  - close\n'),
      server.address,
      { plan },
    );
    expect(r.failure).toBeInstanceOf(StepMismatchError);
    // The writer goes on after the conversation ended; what it does then still lands in the transcript.
    await writerMovedOn;
    const sent = r.transcript.events.flatMap((e) => (e.type === 'sent' ? [e.size] : []));
    expect(sent).toEqual([5]);
    expect(r.transcript.events.filter((e) => e.type === 'event' && e.what.startsWith(SPLIT_EVENT))).toEqual([]);
  });

  it('shutdown half-closes and keeps reading; an echo server finishes and closes', async () => {
    server = await rawServer((s) => s.pipe(s));
    const r = await playAsClient(
      spec('  - send: "last words"\n  - shutdown\n  - expect: "last words"\n  - expect: eof\n'),
      server.address,
    );
    expect(r.failure).toBeUndefined();
  });

  it('reset aborts the connection with an RST the server sees', async () => {
    let sawEnd: (how: string) => void = () => undefined;
    const seen = new Promise<string>((resolve) => (sawEnd = resolve));
    server = await rawServer((s) =>
      s.on('error', (e: NodeJS.ErrnoException) => sawEnd(e.code ?? 'error')).on('end', () => sawEnd('FIN')),
    );
    const r = await playAsClient(spec('  - send: "x"\n  - sleep: 50ms\n  - reset\n'), server.address);
    expect(r.failure).toBeUndefined();
    expect(r.passed).toBe(3);
    expect(await seen).toBe('ECONNRESET');
  });

  it('a large send and its echo flow at once, with no deadlock and bounded memory', async () => {
    server = await rawServer((s) => s.pipe(s));
    const mib = 64;
    const r = await playAsClient(
      spec(
        `  - send: { repeat: "0123456789abcdef", times: ${mib * 65536} }\n  - expect: { repeat: "0123456789abcdef", times: ${mib * 65536} }\n  - close\n`,
        'timeout: 20s\n',
      ),
      server.address,
    );
    expect(r.failure).toBeUndefined();
  });

  it('writes every one of many consecutive sends, in order, small and large mixed', async () => {
    server = await rawServer((s) => s.pipe(s));
    const sends = Array.from({ length: 60 }, (_, i) =>
      i % 7 === 3 ? `  - send: { repeat: "${i % 10}", times: 100000 }\n` : `  - send: "${i},"\n`,
    ).join('');
    const expected = Array.from({ length: 60 }, (_, i) =>
      i % 7 === 3 ? `  - expect: { repeat: "${i % 10}", times: 100000 }\n` : `  - expect: "${i},"\n`,
    ).join('');
    const r = await playAsClient(spec(`${sends}${expected}`), server.address);
    expect(r.failure?.message).toBeUndefined();
  });

  it('a send the other side never reads fails with how much was written, not a hang', async () => {
    server = await rawServer((s) => s.pause());
    const r = await playAsClient(
      spec('  - send: { repeat: "x", times: 268435456 }\n    timeout: 500ms\n  - expect: "never"\n', 'timeout: 5s\n'),
      server.address,
    );
    expect(r.failure).toBeInstanceOf(SendStalledError);
    expect(r.failure!.message).toMatch(
      /step 1 \(send\): the other side stopped reading: [\d.]+ MiB of 256\.0 MiB written after \d+ms/,
    );
  });

  it('captures flow into later steps', async () => {
    server = await rawServer((s) => {
      s.write('HELLO id=42\n');
      s.on('data', (d) => s.write(d));
    });
    const r = await playAsClient(
      spec('  - expect: /HELLO id=(?<id>\\d+)/\n  - send: "ACK ${id}\\n"\n  - expect: "ACK 42\\n"\n'),
      server.address,
    );
    expect(r.failure).toBeUndefined();
    expect(r.vars.get('id')).toBe('42');
  });

  it('a variable captured only later is refused when the spec loads, before any byte is sent', () => {
    expect(() => spec('  - send: "${v}"\n  - expect: /v=(?<v>\\d)/\n')).toThrow(
      /step 1: "\$\{v\}" is used before the step that captures it/,
    );
  });
});

describe('the server role', () => {
  const serverSpec = (steps: string, extra = 'timeout: 1s\n') =>
    loadSpecText('specs/mock.yaml', `name: mock\nrole: server\n${extra}steps:\n${steps}`);

  it('plays the steps for a client that connects, once per connection', async () => {
    const peer = await listenAsServer(
      serverSpec(
        '  - expect: "Hallo Server!"\n  - send: "Hallo Client!"\n  - expect: eof\n',
        'timeout: 1s\nconnections: 2\n',
      ),
    );
    const client = async (): Promise<string> => {
      const s = net.connect(tcpOf(peer.address));
      s.write('Hallo Server!');
      const reply = await new Promise<string>((resolve) => s.once('data', (d) => resolve(d.toString())));
      s.end();
      return reply;
    };
    expect(await Promise.all([client(), client()])).toEqual(['Hallo Client!', 'Hallo Client!']);
    const outcome = await peer.conversations;
    peer.close();
    expect(outcome.acceptFailure).toBeUndefined();
    expect(outcome.conversations.map((c) => [c.connection, c.failure])).toEqual([
      [1, undefined],
      [2, undefined],
    ]);
  });

  it('fails with AcceptTimeoutError when no client connects', async () => {
    const peer = await listenAsServer(serverSpec('  - close\n', 'timeout: 200ms\n'));
    const outcome = await peer.conversations;
    peer.close();
    expect(outcome.acceptFailure).toBeInstanceOf(AcceptTimeoutError);
    expect(outcome.acceptFailure!.message).toBe(
      `specs/mock.yaml: no client connected to 127.0.0.1:${tcpOf(peer.address).port} within 200ms (0 of 1 connection accepted)`,
    );
  });

  it('names the connection in a failure', async () => {
    const peer = await listenAsServer(serverSpec('  - expect: "PING"\n'));
    const s = net.connect(tcpOf(peer.address));
    s.end('PONG');
    const outcome = await peer.conversations;
    peer.close();
    expect(outcome.conversations[0]!.failure!.message).toMatch(
      /^specs\/mock\.yaml:5 connection 1 step 1 \(expect\): expected "PING", received "PONG" \(first difference at byte 1\)/,
    );
  });
});
