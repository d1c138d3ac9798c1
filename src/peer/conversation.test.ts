import * as net from 'node:net';
import { StepTimeoutError } from './step-errors';
import { loadSpecText } from '../load/load';
import type { TranscriptEvent } from '../transcript/transcript';
import { playAsClient } from './client';

/** A loopback server that runs `onClient` for each connection; closed after each test. */
async function rawServer(
  onClient: (s: net.Socket) => void,
): Promise<{ host: string; port: number; close: () => void }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ allowHalfOpen: true }, (s) => {
    sockets.add(s);
    s.on('error', () => s.destroy());
    onClient(s);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    host: '127.0.0.1',
    port: (server.address() as net.AddressInfo).port,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

const spec = (steps: string) =>
  loadSpecText('specs/conversation.yaml', `name: conversation\ntimeout: 2s\nsteps:\n${steps}`);

/** The transcript without times: what happened, in order. */
function story(events: readonly TranscriptEvent[]): string[] {
  return events.map((e) => {
    switch (e.type) {
      case 'step':
        return `${e.kind} ${e.index} ${e.outcome}`;
      case 'sent':
      case 'received':
        return `${e.type} ${JSON.stringify(e.bytes.toString())}`;
      case 'event':
        return `event ${e.what}`;
    }
  });
}

let close: () => void = () => undefined;
afterEach(() => close());

describe('the conversation loop', () => {
  it('passes an expect whose bytes are already buffered at once, and the transcript records it exactly', async () => {
    // Both replies come in one chunk: the second expect finds its bytes already there.
    const server = await rawServer((s) => s.once('data', () => s.write('pong\npong\n')));
    close = server.close;
    const r = await playAsClient(
      spec('  - send: "ping\\n"\n  - expect: "pong\\n"\n  - expect: "pong\\n"\n  - close\n'),
      server,
    );
    expect(r.failure).toBeUndefined();
    expect(r.passed).toBe(4);
    expect(story(r.transcript.events).slice(1)).toEqual([
      'send 1 start',
      'sent "ping\\n"',
      'send 1 pass',
      'expect 2 start',
      'received "pong\\npong\\n"',
      'expect 2 pass',
      'expect 3 start',
      'expect 3 pass',
      'close 4 start',
      'event we closed the connection',
      'close 4 pass',
    ]);
  });

  it('resumes a waiting expect on each piece until its bytes are complete', async () => {
    const server = await rawServer((s) =>
      s.once('data', () => {
        s.write('po');
        setTimeout(() => s.write('n'), 20);
        setTimeout(() => s.write('g\n'), 40);
      }),
    );
    close = server.close;
    const r = await playAsClient(spec('  - send: "ping\\n"\n  - expect: "pong\\n"\n  - send: "bye\\n"\n'), server);
    expect(r.failure).toBeUndefined();
    expect(story(r.transcript.events).slice(1, 10)).toEqual([
      'send 1 start',
      'sent "ping\\n"',
      'send 1 pass',
      'expect 2 start',
      'received "po"',
      'received "n"',
      'received "g\\n"',
      'expect 2 pass',
      'send 3 start',
    ]);
  });

  it('still times out an expect whose bytes never come, naming the step and listing the steps not run', async () => {
    const server = await rawServer((s) => s.once('data', () => s.write('po')));
    close = server.close;
    const started = performance.now();
    const r = await playAsClient(
      spec('  - send: "ping\\n"\n  - expect: "pong\\n"\n    timeout: 150ms\n  - send: "bye\\n"\n'),
      server,
    );
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
    expect(r.failure).toBeInstanceOf(StepTimeoutError);
    expect(r.failure!.message).toBe(
      'specs/conversation.yaml:5 step 2 (expect): the last 3 of 5 bytes of "pong\\n" not received after 150ms; unread by then: nothing',
    );
    expect(r.passed).toBe(1);
    expect(r.notRun.map((s) => s.index)).toEqual([3]);
    expect(story(r.transcript.events).slice(-2)).toEqual(['received "po"', 'expect 2 fail']);
  });
});
