import { tcpOf } from '../support/tcp-of';
import * as net from 'node:net';
import { StepMismatchError, StepTimeoutError } from '../../src/peer/step-errors';
import { formatStepRef } from '../../src/report/messages/where';
import { playAsClient } from '../../src/peer/client';
import type { SendPiece } from '../../src/peer/outgoing';
import type { SendPlan } from '../../src/peer/send-plan';
import { listenAsServer } from '../../src/peer/server';
import { loadSpecText } from '../../src/load/load';
import { formatConversation } from '../../src/transcript/format-transcript';
import { within } from '../support/within';
import { rawServer } from './raw-server';
import type { RawServer } from './raw-server';

const spec = (steps: string, extra = 'timeout: 2s\n') =>
  loadSpecText('specs/conns.yaml', `name: several connections\n${extra}steps:\n${steps}`);

let server: RawServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A server that names each connection by the order it arrived and echoes what it reads with that name. */
async function namingServer(onData?: (n: number, s: net.Socket, d: Buffer) => void): Promise<RawServer> {
  let count = 0;
  return rawServer((s) => {
    const n = ++count;
    s.write(`hello ${n}\n`);
    s.on('data', (d) => (onData ? onData(n, s, d) : s.write(`${n}: ${d.toString()}`)));
  });
}

describe('several connections in the client role', () => {
  it('reads each expect from its own connection, whatever order the replies arrive in', async () => {
    server = await namingServer();
    const r = await playAsClient(
      spec(`  - connect: second
  - on: second
    expect: "hello 2\\n"
  - expect: "hello 1\\n"
  - on: second
    send: "b\\n"
  - send: "a\\n"
  - expect: "1: a\\n"
  - on: second
    expect: "2: b\\n"
`),
      server.address,
    );
    expect(r.failure?.message).toBeUndefined();
    expect(r.passed).toBe(7);
  });

  it('keeps bytes that arrive on B while A is awaited for B’s own expectation', async () => {
    let b: net.Socket | undefined;
    server = await rawServer((s) => {
      if (!b) {
        b = s; // main connects first
        return;
      }
      // The second connection's bytes come first, then main's, 100 ms later.
      s.write('for b\n');
      setTimeout(() => b!.write('for main\n'), 100);
    });
    const r = await playAsClient(
      spec('  - connect: other\n  - expect: "for main\\n"\n  - on: other\n    expect: "for b\\n"\n    timeout: 1ms\n'),
      server.address,
    );
    expect(r.failure?.message).toBeUndefined();
  });

  it('fails an expect on one connection with what arrived there, not on the other', async () => {
    server = await namingServer();
    const r = await playAsClient(
      spec('  - connect: pub\n  - on: pub\n    expect: "hello 1\\n"\n  - expect: "never"\n'),
      server.address,
    );
    expect(r.failure).toBeInstanceOf(StepMismatchError);
    expect(r.failure!.message).toMatch(
      /^specs\/conns\.yaml:5 step 2 \(expect on pub\): expected "hello 1\\n", received "hello 2\\n" \(first difference at byte 6\)/,
    );
    expect(r.notRun.map(formatStepRef)).toEqual(['specs/conns.yaml:7 step 3 (expect on main)']);
  });

  it('closes one connection and leaves the other open; the end closes the rest', async () => {
    const ended: number[] = [];
    let count = 0;
    let bothEnded = (): void => undefined;
    const bothEnd = new Promise<void>((resolve) => (bothEnded = resolve));
    server = await rawServer((s) => {
      const n = ++count;
      s.on('end', () => {
        ended.push(n);
        if (ended.length === 2) bothEnded();
      });
      s.on('data', (d) => s.write(d));
    });
    const r = await playAsClient(
      spec(
        '  - connect: b\n  - on: b\n    close:\n  - sleep: 50ms\n  - send: "still open\\n"\n  - expect: "still open\\n"\n',
      ),
      server.address,
    );
    expect(r.failure?.message).toBeUndefined();
    await within(5000, 'both connections ending', bothEnd);
    expect(ended).toEqual([2, 1]);
  });

  it('numbers sends across connections in one sequence and never merges sends of different connections', async () => {
    const got = new Map<number, string>();
    server = await namingServer((n, _s, d) => got.set(n, (got.get(n) ?? '') + d.toString()));
    const asked: [number, number][] = [];
    const mergeEverything: SendPlan = {
      // A plan that asks to merge every send with the next: the peer must refuse across connections.
      mergedSends: (steps, i) => {
        const next = steps.findIndex((s, k) => k > i && s.kind === 'send');
        return next > 0 ? [next] : [];
      },
      pieces: (ordinal, length): SendPiece[] => {
        asked.push([ordinal, length]);
        return [{ end: length, pauseBefore: 0 }];
      },
    };
    const r = await playAsClient(
      spec(
        '  - connect: b\n  - send: "m1;"\n  - on: b\n    send: "b1;"\n  - send: "m2;"\n  - send: "m3;"\n  - sleep: 100ms\n',
      ),
      server.address,
      { plan: mergeEverything },
    );
    expect(r.failure?.message).toBeUndefined();
    expect(got.get(1)).toBe('m1;m2;m3;');
    expect(got.get(2)).toBe('b1;');
    // send #1 (main), #2 (b), #3+#4 merged (main, same connection, adjacent).
    expect(asked).toEqual([
      [1, 3],
      [2, 3],
      [3, 6],
    ]);
  });

  it('writes a fuzz: false send whole and never merges it, whatever the plan asks', async () => {
    const reads: string[] = [];
    server = await rawServer((s) => s.on('data', (d) => reads.push(d.toString())));
    const asked: number[] = [];
    const cutEveryByte: SendPlan = {
      mergedSends: (steps, i) => (steps[i + 1]?.kind === 'send' ? [i + 1] : []),
      pieces: (ordinal, length) => {
        asked.push(ordinal);
        return Array.from({ length }, (_, k) => ({ end: k + 1, pauseBefore: 30 }));
      },
    };
    const r = await playAsClient(
      spec('  - send: "STARTTLS\\r\\nNOOP\\r\\n"\n    fuzz: false\n  - send: "ab"\n  - sleep: 200ms\n'),
      server.address,
      { plan: cutEveryByte },
    );
    expect(r.failure?.message).toBeUndefined();
    expect(reads).toEqual(['STARTTLS\r\nNOOP\r\n', 'a', 'b']);
    expect(asked).toEqual([2]);
  });

  it('names the connection of every step and byte in the transcript', async () => {
    server = await namingServer();
    const r = await playAsClient(spec('  - connect: pub\n  - on: pub\n    expect: "hello 2\\n"\n'), server.address);
    expect(r.failure?.message).toBeUndefined();
    const lanes = r.transcript.events.map((e) => `${e.type}:${e.connection ?? '-'}`);
    expect(lanes).toContain('received:pub');
    expect(lanes).toContain('step:pub');
    expect(r.transcript.events.every((e) => e.connection !== undefined)).toBe(true);
    const text = formatConversation({ events: r.transcript.events });
    expect(text).toMatch(/<< {2}\[pub\] 8 bytes +"hello 2\\n"/);
    expect(text).toMatch(/== {2}\[pub\] step 2 \(expect\) passed/);
  });

  it('leaves single-connection transcripts without connection names', async () => {
    server = await namingServer();
    const r = await playAsClient(spec('  - expect: "hello 1\\n"\n'), server.address);
    expect(r.transcript.events.some((e) => e.connection !== undefined)).toBe(false);
  });
});

describe('several connections in the server role', () => {
  const serverSpec = (steps: string, extra = 'timeout: 1s\n') =>
    loadSpecText('specs/mock.yaml', `name: mock\nrole: server\n${extra}steps:\n${steps}`);

  it('accepts the next client as a named connection, and a client that came early waits for its accept', async () => {
    const peer = await listenAsServer(
      serverSpec(`  - expect: "sub\\n"
  - send: "subscribed\\n"
  - accept: publisher
  - on: publisher
    expect: "pub hi\\n"
  - send: "msg hi\\n"
  - on: publisher
    send: "published\\n"
`),
    );
    const open = (): net.Socket => net.connect(tcpOf(peer.address));
    const reply = (s: net.Socket): Promise<string> =>
      new Promise((resolve) => s.once('data', (d) => resolve(d.toString())));
    const sub = open();
    await new Promise((resolve) => sub.once('connect', resolve));
    // The publisher connects before the subscriber has spoken: it must wait for `accept`.
    const pub = open();
    await new Promise((resolve) => pub.once('connect', resolve));
    sub.write('sub\n');
    expect(await reply(sub)).toBe('subscribed\n');
    pub.write('pub hi\n');
    expect(await Promise.all([reply(sub), reply(pub)])).toEqual(['msg hi\n', 'published\n']);
    const outcome = await peer.conversations;
    peer.close();
    expect(outcome.conversations.map((c) => c.failure?.message)).toEqual([undefined]);
  });

  it('fails an accept that no client answers within its timeout, naming the step', async () => {
    const peer = await listenAsServer(serverSpec('  - accept: second\n    timeout: 150ms\n'));
    const s = net.connect(tcpOf(peer.address));
    const outcome = await peer.conversations;
    peer.close();
    s.destroy();
    const failure = outcome.conversations[0]!.failure;
    expect(failure).toBeInstanceOf(StepTimeoutError);
    expect(failure!.message).toBe(
      'specs/mock.yaml:5 connection 1 step 1 (accept on second): a client connecting (accept: second) not received after 150ms; unread by then: nothing',
    );
  });
});
