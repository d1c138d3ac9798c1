/**
 * `tcpspec fuzz --client`: when a step fails, how the client under test
 * ended (its exit status and the end of what it printed, its traceback) is
 * the other half of the story, in every report as `run` gives it.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli } from './cli-io';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpspec-fuzz-client-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

// Reads the reply with one recv: a reply that arrives in pieces makes it raise (a traceback, exit 1) before it says bye.
const ONE_RECV_CLIENT = `import socket, sys
s = socket.create_connection((sys.argv[1], int(sys.argv[2])))
s.sendall(b"Hallo Server!")
reply = s.recv(1024)
if reply != b"Hallo Client!":
    raise ValueError("short read: %r" % reply)
s.sendall(b"bye")
s.close()
`;

const SPEC =
  'name: the greeting, then bye\nrole: server\ntimeout: 10s\nsteps:\n  - expect: "Hallo Server!"\n  - send: "Hallo Client!"\n  - expect: "bye"\n  - expect: eof\n';

it('shows the exit status and the traceback of the client in the human, JSON, JUnit, TAP, HTML reports and the transcript', async () => {
  const client = write('client.py', ONE_RECV_CLIENT);
  const spec = write('greeting.yaml', SPEC);
  const report = (name: string): string => path.join(dir, name);
  const r = await cli([
    'fuzz',
    spec,
    '--client',
    `python3 ${client} {host} {port}`,
    '--seed',
    '3',
    '--runs',
    '30',
    ...['--reporter', 'json', '--output', report('r.json')],
    ...['--reporter', 'junit', '--output', report('r.xml')],
    ...['--reporter', 'tap', '--output', report('r.tap')],
    ...['--reporter', 'html', '--output', report('r.html')],
    ...['--transcript', report('transcripts')],
  ]);
  expect(r.status).toBe(1);
  // A step failed first (the client hung up without its bye); the client's end is told beside it.
  expect(r.out).toMatch(/step 3 \(expect\)/);
  expect(r.out).toContain(`the client under test, "python3 ${client} {host} {port}":`);
  expect(r.out).toMatch(/it exited with status 1 after \d+ms/);
  expect(r.out).toContain('| ValueError: short read: ');

  const json = JSON.parse(fs.readFileSync(report('r.json'), 'utf8')) as {
    specs: { client?: { exitCode: number; ended: string; stderr: { tail: string } } }[];
  };
  expect(json.specs[0]!.client?.exitCode).toBe(1);
  expect(json.specs[0]!.client?.ended).toMatch(/^exited with status 1/);
  expect(json.specs[0]!.client!.stderr.tail).toContain('ValueError: short read: ');

  for (const file of ['r.xml', 'r.tap', 'r.html']) {
    const text = fs.readFileSync(report(file), 'utf8');
    expect(text).toMatch(/exited with status 1 after \d+ms/);
    expect(text).toContain('ValueError: short read: ');
  }
  const transcripts = fs.readdirSync(report('transcripts'), { recursive: true, withFileTypes: true });
  const texts = transcripts
    .filter((e) => e.isFile())
    .map((e) => fs.readFileSync(path.join(e.parentPath, e.name), 'utf8'));
  expect(texts.length).toBeGreaterThan(0);
  for (const text of texts) {
    expect(text).toMatch(/^client: +python3 /m);
    expect(text).toMatch(/exited with status 1 after \d+ms/);
    expect(text).toContain('ValueError: short read: ');
  }
});
