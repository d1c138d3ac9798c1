/**
 * `any:` played by the real peer over a socket: the winner's captures are
 * kept, a failure names every alternative's reason, an undecided `any` fails
 * at the step timeout, and none of it depends on how the server cuts its
 * writes.
 */
import fc from 'fast-check';
import { playAsClient } from '../../src/peer/client';
import { loadSpecText } from '../../src/load/load';
import { rawServer } from './raw-server';
import type { RawServer } from './raw-server';

const spec = loadSpecText(
  'specs/any.yaml',
  `name: alternatives split anywhere
timeout: 2s
steps:
  - expect: { any: [/220 (?<host>\\S+) ESMTP.*/, /554 (?<why>.*)/] }
  - send: "EHLO x\\r\\n"
  - expect: { any: ["250 ok\\r\\n", { until: /250 .*/, each: /250-.*/ }, /5\\d\\d (?<why>.*)/] }
  - expect: { any: ["bye\\n", eof] }
  - expect: eof
`,
);

const replies = {
  'first alternatives': Buffer.from('220 mx.test ESMTP ready\r\n250 ok\r\nbye\n'),
  'later alternatives': Buffer.from('554 go away\r\n250-SIZE 10\r\n250-8BITMIME\r\n250 OK\r\n'),
  'no alternative': Buffer.from('220 mx.test ESMTP ready\r\n250-SIZE 10\r\n+OK\r\n'),
};

/** The server writes its reply cut where the current case says, the greeting line first. */
let cuts: number[] = [];
let reply: Buffer = replies['first alternatives'];
let server: RawServer;
beforeAll(async () => {
  server = await rawServer((s) => {
    // The greeting is the first line, or the whole reply when it has none.
    const greeting = reply.indexOf('\n') + 1 || reply.length;
    const write = async (bytes: Buffer, from: number): Promise<void> => {
      const inside = cuts.map((c) => c - from).filter((c) => c > 0 && c < bytes.length);
      const at = [0, ...inside.sort((a, b) => a - b), bytes.length];
      for (let k = 1; k < at.length; k++) {
        s.write(bytes.subarray(at[k - 1], at[k]));
        await new Promise((r) => setTimeout(r, 1));
      }
    };
    let greeted = false;
    s.on('data', () => {
      if (greeted) return;
      greeted = true;
      void write(reply.subarray(greeting), greeting).then(() => s.end());
    });
    void write(reply.subarray(0, greeting), 0);
  });
});
afterAll(() => server.close());

async function verdict(): Promise<{ failure?: string; vars: Record<string, unknown> }> {
  const r = await playAsClient(spec, server.address);
  return { ...(r.failure ? { failure: r.failure.message } : {}), vars: Object.fromEntries(r.vars) };
}

describe.each(Object.entries(replies))('a reply matching %s', (_name, bytes) => {
  it('gets the same verdict, message and captures however the server cuts its writes', async () => {
    reply = bytes;
    cuts = [];
    const whole = await verdict();
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 8 }), async (c) => {
        cuts = c;
        expect(await verdict()).toEqual(whole);
      }),
      { numRuns: 25, seed: 23 },
    );
  });
});

test('the winners keep their captures, and when none wins the failure gives every reason', async () => {
  cuts = [];
  reply = replies['first alternatives'];
  expect(await verdict()).toEqual({ vars: { host: 'mx.test' } });
  reply = replies['later alternatives'];
  expect(await verdict()).toEqual({ vars: { why: 'go away' } });
  reply = replies['no alternative'];
  expect((await verdict()).failure).toBe(
    'specs/any.yaml:6 step 3 (expect): expected any of (1) "250 ok\\r\\n", (2) lines until a line matching /250 .*/, each a line matching /250-.*/, (3) a line matching /5\\d\\d (?<why>.*)/, received "250-SIZE 10\\r\\n+OK\\r\\n": every alternative failed: (1) first difference at byte 3; (2) received "+OK\\r\\n" (line 2 of the block matches neither); (3) received "250-SIZE 10\\r\\n"',
  );
});

test('an any still undecided fails at the step timeout, saying which alternative it waits for', async () => {
  const waiting = loadSpecText(
    'specs/any-timeout.yaml',
    `name: undecided\nsteps:\n  - expect: { any: ["+OK\\r\\n", /-ERR .*/] }\n    timeout: 300ms\n`,
  );
  cuts = [];
  // No line ending and no request: the server sends these and then nothing.
  reply = Buffer.from('-ER');
  const r = await playAsClient(waiting, server.address);
  expect(r.failure?.message).toMatch(
    /^specs\/any-timeout\.yaml:3 step 1 \(expect\): any of \(1\) "\+OK\\r\\n", \(2\) a line matching \/-ERR \.\*\/ \[\(1\) first difference at byte 0; \(2\) waiting for a line matching \/-ERR \.\*\/ \(3 bytes of it so far, no line ending yet\)\] not received after 300ms/,
  );
});
