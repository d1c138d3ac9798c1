/** `tcpspec run`, `serve` and `validate` as a user meets them: exit statuses 0/1/2 and the messages behind them. */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli, lastLine, startCli } from './cli-io';
import { rawServer } from './raw-server';
import type { RawServer } from './raw-server';

let dir: string;
let server: RawServer | undefined;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpspec-run-'));
});
afterEach(async () => {
  fs.rmSync(dir, { recursive: true, force: true });
  await server?.close();
  server = undefined;
});

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

/** The port a server-role command announces on its first line (waited for at most 2 s). */
async function announcedPort(out: () => string): Promise<number> {
  const deadline = Date.now() + 2000;
  while (!out().includes('\n') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  const m = /^listening on 127\.0\.0\.1:(\d+)$/.exec(out().split('\n')[0]!);
  expect(m).not.toBeNull();
  return Number(m![1]);
}

const ping =
  'name: ping answers pong\ntimeout: 1s\nsteps:\n  - send: "PING\\r\\n"\n  - expect: "+PONG\\r\\n"\n  - close\n';

describe('tcpspec run', () => {
  it('exits 0 and counts the passes when the server answers right', async () => {
    server = await rawServer((s) => s.on('data', () => s.write('+PONG\r\n')));
    const r = await cli(['run', write('ping.yaml', ping), '--target', `127.0.0.1:${server.port}`]);
    expect(r.out).toMatch(/^PASS .*ping\.yaml {2}ping answers pong \(\d+ ms\)$/m);
    expect(lastLine(r.out)).toBe('1 passed, 0 failed');
    expect(r.status).toBe(0);
  });

  it('exits 1 naming the step and the first differing byte when the server answers wrong', async () => {
    server = await rawServer((s) => s.on('data', () => s.write("-ERR unknown command 'PNG'\r\n")));
    const file = write('ping.yaml', ping);
    const r = await cli(['run', file, '--target', `127.0.0.1:${server.port}`]);
    expect(r.out).toContain(
      `${file}:5 step 2 (expect): expected "+PONG\\r\\n", received "-ERR unknown command 'PNG'\\r\\n" (first difference at byte 0)`,
    );
    expect(r.out).toContain('steps not run: line 6 step 3 (close)');
    expect(lastLine(r.out)).toBe('0 passed, 1 failed');
    expect(r.status).toBe(1);
  });

  it('exits 2 naming FILE:LINE:COLUMN for a spec with a mistake, before connecting anywhere', async () => {
    let connections = 0;
    server = await rawServer(() => (connections += 1));
    const file = write('bad.yaml', 'name: bad\nsteps:\n  - send: { hex: "zz" }\n');
    const r = await cli(['run', file, '--target', `127.0.0.1:${server.port}`]);
    expect(r.out).toContain(`${file}:3:18: hex: "z" is not a hex digit`);
    expect(lastLine(r.out)).toBe('0 passed, 1 failed');
    expect(r.status).toBe(2);
    expect(connections).toBe(0);
  });

  it('exits 2 naming the address when the target cannot be reached', async () => {
    server = await rawServer(() => undefined);
    const port = server.port;
    await server.close();
    server = undefined;
    const r = await cli(['run', write('ping.yaml', ping), '--target', `127.0.0.1:${port}`]);
    expect(r.out).toContain(`cannot connect to 127.0.0.1:${port}: connection refused (is the server running?)`);
    expect(r.status).toBe(2);
  });

  it('exits 2 for an unknown target name, listing the known ones', async () => {
    const r = await cli(['run', write('t.yaml', 'name: t\ntarget: nosuch\nsteps:\n  - close\n')]);
    expect(r.out).toMatch(/t\.yaml:2:9: unknown target "nosuch"; known targets: .*\becho\b.*\bredis\b/);
    expect(r.status).toBe(2);
  });

  it('exits 2 for bad arguments and for a path that does not exist', async () => {
    expect((await cli(['run', write('ping.yaml', ping), '--target', 'nowhere'])).status).toBe(2);
    const missing = await cli(['run', path.join(dir, 'missing.yaml')]);
    expect(missing.err).toContain('no such file or folder');
    expect(missing.status).toBe(2);
    const unknown = await cli(['frobnicate']);
    expect(unknown.status).toBe(2);
    expect(unknown.out).toBe('');
  });

  it('runs the embedded fixture a spec names, with no server to set up', async () => {
    const r = await cli(['run', path.join(__dirname, '..', '..', 'specs', 'seeds', 'echo.yaml')]);
    expect(lastLine(r.out)).toBe('1 passed, 0 failed');
    expect(r.status).toBe(0);
  });
});

describe('tcpspec run on a role: server spec', () => {
  it('announces the bound port, so an outside client can be pointed at it', async () => {
    const file = write('mock.yaml', 'name: mock\nrole: server\ntimeout: 2s\nsteps:\n  - expect: "hi"\n');
    const run = startCli(['run', file]);
    const port = await announcedPort(run.err);
    net
      .connect(port, '127.0.0.1', function (this: net.Socket) {
        this.end('hi');
      })
      .on('error', () => undefined);
    const r = await run.done;
    expect(lastLine(r.out)).toBe('1 passed, 0 failed');
  });
});

describe('the spec collection a file: payload may not leave', () => {
  it("is the folder named on the command line, so a spec may use a sibling folder's file", async () => {
    fs.mkdirSync(path.join(dir, 'collection', 'payloads'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'collection', 'smtp'));
    fs.writeFileSync(path.join(dir, 'collection', 'payloads', 'mail.txt'), 'Subject: hi\r\n');
    const spec = write(
      path.join('collection', 'smtp', 'mail.yaml'),
      'name: mail\nsteps:\n  - send: { file: ../payloads/mail.txt }\n',
    );
    const asCollection = await cli(['validate', path.join(dir, 'collection')]);
    expect(asCollection.status).toBe(0);
    const alone = await cli(['validate', spec]);
    expect(alone.out).toContain('is outside the spec collection');
    expect(alone.status).toBe(2);
  });
});

describe('tcpspec serve', () => {
  it('announces the bound port on its first line and plays the spec for the client that connects', async () => {
    const file = write(
      'mock.yaml',
      'name: mock\nrole: server\ntimeout: 2s\nsteps:\n  - expect: "Hallo Server!"\n  - send: "Hallo Client!"\n  - expect: eof\n',
    );
    const run = startCli(['serve', file]);
    const port = await announcedPort(run.out);
    const reply = await new Promise<string>((resolve, reject) => {
      const s = net.connect(port, '127.0.0.1', () => s.write('Hallo Server!'));
      s.once('data', (d) => {
        s.end();
        resolve(d.toString());
      });
      s.once('error', reject);
    });
    expect(reply).toBe('Hallo Client!');
    const r = await run.done;
    expect(lastLine(r.out)).toBe('1 passed, 0 failed');
    expect(r.status).toBe(0);
  });

  it('exits 1 when no client connects within the timeout', async () => {
    const r = await cli([
      'serve',
      write('lonely.yaml', 'name: lonely\nrole: server\ntimeout: 200ms\nsteps:\n  - close\n'),
    ]);
    expect(r.out).toMatch(/no client connected to 127\.0\.0\.1:\d+ within 200ms \(0 of 1 connection accepted\)/);
    expect(r.status).toBe(1);
  });

  it('refuses a client-role spec with exit 2', async () => {
    const r = await cli(['serve', write('client.yaml', ping)]);
    expect(r.err).toContain('serve plays role: server specs');
    expect(r.status).toBe(2);
  });
});
