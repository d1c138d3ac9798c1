import { TargetUnreachableError } from '../../src/net/errors';
import { StepMismatchError } from '../../src/peer/step-errors';
import { fuzzSpec } from '../../src/fuzz/fuzz-spec';
import { loadSpecText } from '../../src/load/load';
import * as fs from 'node:fs';
import * as net from 'node:net';
import type { Socket } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { rawServer } from './raw-server';
import type { RawServer } from './raw-server';

/** Answers every line with "OK <line>", but treats each read as one line: the classic framing bug. */
const answerEachRead = (s: Socket): void => {
  s.on('data', (d) => s.write(`OK ${d.toString().trim()}\n`));
};
const readIsLine = () => rawServer(answerEachRead);
/** The same protocol, framed correctly. */
const answerLines = (s: Socket): void => {
  let pending = '';
  s.on('data', (d) => {
    pending += d.toString();
    for (let i = pending.indexOf('\n'); i >= 0; i = pending.indexOf('\n')) {
      s.write(`OK ${pending.slice(0, i)}\n`);
      pending = pending.slice(i + 1);
    }
  });
};
const lineServer = () => rawServer(answerLines);
/** Frames its first connection correctly and every later one as read-is-line. */
const correctOnce = () => {
  let connections = 0;
  return rawServer((s) => {
    if (connections++ === 0) answerLines(s);
    else answerEachRead(s);
  });
};

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

let server: RawServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('tcpspec fuzz', () => {
  it.each([1, 2, 3])(
    'catches a server that treats one read as one line (seed %i) and shrinks to a single cut',
    async (seed) => {
      server = await readIsLine();
      const r = await fuzzSpec(spec, { target: server.address, seed, runs: 100 });
      expect(r.status).toBe('failed');
      const f = r.failure!;
      expect(f.error).toBeInstanceOf(StepMismatchError);
      expect(f.flaky).toBe(false);
      // Minimal: one send cut once, nothing else reshaped.
      expect(f.plan.sends.flatMap((s) => s.cuts)).toHaveLength(1);
      expect(f.plan.coalesce.every((c) => !c)).toBe(true);
      expect(f.plan.reader).toBeNull();
      expect(f.words).toMatch(/^send #[12] \(step [13]\) split after byte \d+ \(each piece confirmed read apart\)$/);
      // The replay line names the target the case ran against, so pasted it replays against the same server.
      expect(f.replay).toBe(
        `npx tcpspec fuzz specs/lines.yaml --seed ${seed} --path ${f.path} --target 127.0.0.1:${server.address.port}`,
      );
    },
  );

  it('replays exactly the printed case from its seed and path', async () => {
    server = await readIsLine();
    const first = await fuzzSpec(spec, { target: server.address, seed: 7, runs: 100 });
    const replay = await fuzzSpec(spec, { target: server.address, seed: 7, path: first.failure!.path, runs: 100 });
    expect(replay).toMatchObject({ status: 'failed', runs: 1 });
    expect(replay.failure!.plan).toEqual(first.failure!.plan);
    expect(replay.failure!.error.message).toBe(first.failure!.error.message);
  });

  it('replays only the case its path names: when that case passes now, so does the replay', async () => {
    server = await readIsLine();
    const first = await fuzzSpec(spec, { target: server.address, seed: 7, runs: 100 });
    await server.close();
    // Against a server that answers the replayed case correctly and would fail any case played after it.
    server = await correctOnce();
    const replay = await fuzzSpec(spec, { target: server.address, seed: 7, path: first.failure!.path, runs: 100 });
    expect(replay.failure?.plan).toBeUndefined();
    expect(replay).toMatchObject({ status: 'passed', runs: 1 });
    expect(server.sockets).toHaveLength(1);
  });

  it('finds the same bug with timed gaps where reads cannot be confirmed, and says so', async () => {
    server = await readIsLine();
    const r = await fuzzSpec(spec, { target: server.address, seed: 1, runs: 100, delivery: 'timed' });
    expect(r.status).toBe('failed');
    expect(r.delivery).toMatchObject({ mode: 'timed', why: 'timed gaps were asked for', gapMs: 20 });
    expect(r.failure!.words).toMatch(
      /^send #[12] \(step [13]\) split after byte \d+ \(timed: 20 ms gaps, not confirmed\)$/,
    );
    expect(r.failure!.unconfirmed).toBe(false);
    // A slow reader stalls its full time only under timed gaps, so the replay asks for them again.
    expect(r.failure!.replay).toBe(
      `npx tcpspec fuzz specs/lines.yaml --seed 1 --path ${r.failure!.path} --delivery timed --target 127.0.0.1:${server.address.port}`,
    );
  });

  it('confirms each piece read apart over a Unix socket too, and shrinks to a single cut', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpspec-fuzz-unix-'));
    const socketPath = path.join(dir, 'lines.sock');
    const unixServer = net.createServer(answerEachRead);
    await new Promise<void>((resolve) => unixServer.listen(socketPath, resolve));
    try {
      const r = await fuzzSpec(spec, { target: { path: socketPath }, seed: 1, runs: 100 });
      expect(r.delivery).toMatchObject({ mode: 'read-confirmed' });
      expect(r.status).toBe('failed');
      expect(r.failure!.plan.sends.flatMap((s) => s.cuts)).toHaveLength(1);
      expect(r.failure!.words).toMatch(/\(each piece confirmed read apart\)$/);
    } finally {
      await new Promise((resolve) => unixServer.close(resolve));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs cases in parallel and still reports, and replays, exactly the case a sequential run finds', async () => {
    server = await readIsLine();
    const sequential = await fuzzSpec(spec, { target: server.address, seed: 5, runs: 100 });
    const parallel = await fuzzSpec(spec, { target: server.address, seed: 5, runs: 100, parallel: 4 });
    expect(parallel).toMatchObject({ status: 'failed', parallel: 4 });
    expect(parallel.failure!.path).toBe(sequential.failure!.path);
    expect(parallel.failure!.plan).toEqual(sequential.failure!.plan);
    const replay = await fuzzSpec(spec, { target: server.address, seed: 5, path: parallel.failure!.path });
    expect(replay.failure!.plan).toEqual(parallel.failure!.plan);
  });

  it('passes a correct server with cases in parallel', async () => {
    server = await lineServer();
    const r = await fuzzSpec(spec, { target: server.address, seed: 11, runs: 40, parallel: 4 });
    expect(r.failure?.error.message).toBeUndefined();
    expect(r).toMatchObject({ status: 'passed', runs: 41, parallel: 4 });
  });

  it("takes the number of cases at once from the spec's fuzz.parallel", async () => {
    server = await lineServer();
    const inParallel = loadSpecText(
      'specs/par.yaml',
      'name: par\nfuzz: { parallel: 3 }\nsteps:\n  - send: "PING\\n"\n  - expect: "OK PING\\n"\n',
    );
    expect(inParallel.fuzz.parallel).toBe(3);
    const r = await fuzzSpec(inParallel, { target: server.address, seed: 2, runs: 12 });
    expect(r).toMatchObject({ status: 'passed', runs: 13, parallel: 3 });
    expect(() => loadSpecText('specs/bad.yaml', 'name: bad\nfuzz: { parallel: 0 }\nsteps:\n  - send: "x"\n')).toThrow(
      'specs/bad.yaml:2:19: fuzz.parallel: expects a whole number of at least 1, found number 0',
    );
  });

  it('refuses parallel cases for a server-role spec on a fixed port', async () => {
    const fixed = loadSpecText(
      'specs/fixed.yaml',
      'name: fixed\nrole: server\nlisten: 127.0.0.1:7411\nsteps:\n  - expect: "x"\n',
    );
    const r = await fuzzSpec(fixed, { seed: 1, runs: 5, parallel: 2 });
    expect(r.status).toBe('error');
    expect(r.error!.message).toBe(
      'specs/fixed.yaml: fuzz cases cannot run in parallel on the fixed listen port 7411; use port 0 or parallel 1',
    );
  });

  it('passes a server that frames lines correctly, under every generated case', async () => {
    server = await lineServer();
    const r = await fuzzSpec(spec, { target: server.address, seed: 11, runs: 40 });
    expect(r.failure?.error.message).toBeUndefined();
    expect(r).toMatchObject({ status: 'passed', runs: 41 });
  });

  it('reports a case that fails once and passes on replay as flaky, not hidden', async () => {
    // Frames lines correctly, but answers nonsense on its fourth connection only.
    let connections = 0;
    server = await rawServer((s) => {
      connections += 1;
      const misbehave = connections === 4;
      let pending = '';
      s.on('data', (d) => {
        pending += d.toString();
        if (pending.endsWith('\n')) s.write(misbehave ? 'OK nonsense\n' : `OK ${pending.trim()}\n`);
      });
    });
    const single = loadSpecText('specs/one.yaml', 'name: one\nsteps:\n  - send: "PING\\n"\n  - expect: "OK PING\\n"\n');
    const r = await fuzzSpec(single, { target: server.address, seed: 3, runs: 10 });
    expect(r.status).toBe('failed');
    expect(r.failure).toMatchObject({ flaky: true });
  });

  it('says the plain exchange fails when it does, without fuzzing', async () => {
    server = await rawServer((s) => s.on('data', () => s.write('NO\n')));
    const r = await fuzzSpec(spec, { target: server.address, seed: 1, runs: 100 });
    expect(r).toMatchObject({
      status: 'failed',
      runs: 1,
      failure: { path: '', words: expect.stringMatching(/^no reshaping/) as unknown },
    });
    expect(r.failure!.replay).toBe(`npx tcpspec run specs/lines.yaml --target 127.0.0.1:${server.address.port}`);
  });

  it('is an input error, not a failure, when the target cannot be reached', async () => {
    server = await rawServer(() => undefined);
    const address = server.address;
    await server.close();
    server = undefined;
    const r = await fuzzSpec(spec, { target: address, seed: 1, runs: 5 });
    expect(r.status).toBe('error');
    expect(r.error).toBeInstanceOf(TargetUnreachableError);
  });

  it('merges sends that only a sleep separates, catching a server that drops the rest of a read', async () => {
    server = await rawServer((s) => s.on('data', (d) => s.write(`${d.toString().split('\n')[0]}\n`)));
    const pipelined = loadSpecText(
      'specs/two.yaml',
      'name: two\ntimeout: 500ms\nfuzz: { split: false, slow_reader: false }\nsteps:\n  - send: "first\\n"\n  - sleep: 50ms\n  - send: "second\\n"\n  - expect: "first\\n"\n  - expect: "second\\n"\n',
    );
    const r = await fuzzSpec(pipelined, { target: server.address, seed: 9, runs: 50 });
    expect(r.status).toBe('failed');
    expect(r.failure!.words).toBe('sends #1 and #2 written as one');
    expect(r.failure!.error.message).toBe(
      'specs/two.yaml:9 step 5 (expect): "second\\n" not received after 500ms; unread by then: nothing',
    );
  });

  describe('where the half-close lands', () => {
    const halfClose = loadSpecText(
      'specs/owed.yaml',
      'name: owed\nfuzz: { split: false, slow_reader: false }\nsteps:\n  - send: "owed\\n"\n  - expect: "owed\\n"\n  - shutdown\n  - expect: eof\n',
    );
    /** Answers each line 30 ms later; `keepsPromises` decides whether a half-close waits for owed replies. */
    const slowEcho = (keepsPromises: boolean) =>
      rawServer(
        (s) => {
          let owed = 0;
          let ended = false;
          const finish = (): void => {
            if (ended && owed === 0) s.end();
          };
          s.on('data', (d) => {
            owed += 1;
            setTimeout(() => {
              owed -= 1;
              if (!s.destroyed) s.write(d);
              finish();
            }, 30);
          });
          s.on('end', () => {
            ended = true;
            if (keepsPromises) finish();
            else s.destroy();
          });
        },
        { allowHalfOpen: true },
      );

    it('sends the FIN right behind the request, catching a server that drops what it owes', async () => {
      server = await slowEcho(false);
      const r = await fuzzSpec(halfClose, { target: server.address, seed: 4, runs: 30 });
      expect(r.status).toBe('failed');
      expect(r.failure!.words).toBe('half-close sent right behind the last request, before its replies');
    });

    it('passes a server that answers what it owes after the FIN', async () => {
      server = await slowEcho(true);
      const r = await fuzzSpec(halfClose, { target: server.address, seed: 4, runs: 30 });
      expect(r.failure?.error.message).toBeUndefined();
      expect(r.status).toBe('passed');
    });
  });
});
