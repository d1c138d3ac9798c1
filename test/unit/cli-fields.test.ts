/**
 * `tcpspec fuzz --fields` as a user meets its mistakes: a lying-length case
 * named wrongly, a spec it cannot judge, a `fuzz.health` that is no spec of
 * the collection. Each runs nothing and exits 2 (a spec problem names its
 * place); the proofs against servers are in test/proofs/lying-lengths.test.ts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli } from './cli-io';

const RESULT_LINE = /\d+ passed, \d+ failed/;

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpspec-fields-'));
  // Marks the spec collection's root (see findSpecRoot).
  fs.mkdirSync(path.join(dir, 'specs'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

const RECORD = `steps:
  - send:
      struct:
        - u16be: 1
        - u32be: { length: rest }
        - text: "hello"
  - expect: { hex: "80 01" }
`;
const recordSpec = (top = ''): string =>
  write('specs/record.yaml', `name: record\ntarget: record-server\n${top}${RECORD}`);

describe('tcpspec fuzz --fields refuses, runs nothing and exits 2', () => {
  it.each([
    ['--case without --fields', ['--case', '1'], /--case replays a lying-length case; pass --fields too/],
    [
      'a --case the spec has not',
      ['--fields', '--case', '7'],
      /--case 7: .*record\.yaml has lying-length cases 1 to 6/,
    ],
    ['--case 0', ['--fields', '--case', '0'], /--case expects a whole number of at least 1, found "0"/],
    ['--path with --fields', ['--fields', '--seed', '1', '--path', '3'], /--path replays a chunking case/],
  ])('%s', async (_what, args, why) => {
    const r = await cli(['fuzz', recordSpec(), ...args]);
    expect(r.status).toBe(2);
    expect(r.err).toMatch(why);
    expect(r.out).not.toMatch(RESULT_LINE);
  });

  it('a spec that plays the server: its lengths are ours to tell, not a server to judge', async () => {
    const spec = write('specs/serve.yaml', 'name: serve\nrole: server\nsteps:\n  - expect: "hi"\n');
    const r = await cli(['fuzz', spec, '--fields']);
    expect(r.status).toBe(2);
    expect(r.out).toContain(
      '--fields makes the lengths a client sends lie, to judge a server; this spec plays the server',
    );
  });
});

describe('fuzz.fields and fuzz.health in a spec', () => {
  it.each([
    ['fields that is not true or false', 'fuzz: { fields: yes please }\n', /fuzz\.fields: expects true or false/],
    [
      'a health file that is not there',
      'fuzz: { health: missing.yaml }\n',
      /fuzz\.health: "missing\.yaml" is not a spec file/,
    ],
    [
      'a health file outside the collection',
      'fuzz: { health: ../outside.yaml }\n',
      /fuzz\.health: "\.\.\/outside\.yaml" is outside the spec collection/,
    ],
  ])('are checked when the spec loads: %s', async (_what, top, why) => {
    write('outside.yaml', 'name: outside\nsteps:\n  - send: "x"\n');
    const r = await cli(['validate', recordSpec(top)]);
    expect(r.status).toBe(2);
    expect(r.out + r.err).toMatch(why);
  });

  it('accepts a health spec beside it', async () => {
    write('specs/health.yaml', 'name: health\ntarget: record-server\nsteps:\n  - send: "x"\n');
    const r = await cli(['validate', recordSpec('fuzz: { fields: true, health: health.yaml }\n')]);
    expect(r.status).toBe(0);
  });
});
