import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SpecError } from '../errors';
import { loadSpecFile, loadSpecText } from './load';

function problemsOf(text: string, file = 'specs/t.yaml', root?: string): string[] {
  try {
    loadSpecText(file, text, root ? { root } : {});
  } catch (err) {
    expect(err).toBeInstanceOf(SpecError);
    return (err as SpecError).message.split('\n');
  }
  throw new Error('the spec loaded, but a SpecError was expected');
}

const head = 'name: t\nsteps:\n';

describe('loadSpecText accepts every form of the contract', () => {
  it('reads the SPEC-FORMAT example with vars, durations, timeouts and notes', () => {
    const spec = loadSpecText(
      'specs/smtp.yaml',
      `name: SMTP server greets
description: free text
target: smtp
role: client
timeout: 2s
vars:
  domain: example.test
steps:
  - expect: /220 .*/
  - send: "EHLO \${domain}\\r\\n"
  - expect: { until: /250 .*/, each: /250-.*/ }
    timeout: 250ms
    note: capabilities
  - send: "QUIT\\r\\n"
  - expect: /221 .*/
  - expect: eof
  - close
`,
    );
    expect(spec).toMatchObject({
      name: 'SMTP server greets',
      target: { name: 'smtp' },
      role: 'client',
      timeout: 2000,
      vars: { domain: 'example.test' },
    });
    expect(spec.steps.map((s) => s.kind)).toEqual(['expect', 'send', 'expect', 'send', 'expect', 'expect', 'close']);
    expect(spec.steps[2]).toMatchObject({ index: 3, timeout: 250, note: 'capabilities', loc: { line: 11, column: 5 } });
    expect(spec.steps[0]!.timeout).toBe(2000);
  });

  it.each([
    ['"text"', { kind: 'text' }],
    ['{ text: eof }', { kind: 'text' }],
    ['{ text: "/not a regex/" }', { kind: 'text' }],
    ['"/usr/local"', { kind: 'text' }],
    ['/a+/i', { kind: 'regex', regex: { flags: 'i' } }],
    ['eof', { kind: 'eof' }],
    ['{ hex: "0a ff 00" }', { kind: 'hex', bytes: Buffer.from([0x0a, 0xff, 0]) }],
    ['{ bytes: 13, match: /Hallo.*/, as: reply }', { kind: 'bytes', count: 13, as: 'reply' }],
    ['{ until: /250 .*/, each: /250-.*/ }', { kind: 'until' }],
    ['{ frame: u16be, payload: "hi" }', { kind: 'frame', header: 'u16be', payload: { kind: 'text' } }],
    ['{ repeat: "ab", times: 3 }', { kind: 'repeat', times: 3 }],
  ])('reads the matcher %s', (yaml, shape) => {
    const spec = loadSpecText('t.yaml', `${head}  - expect: ${yaml}\n`);
    expect((spec.steps[0] as { matcher: unknown }).matcher).toMatchObject(shape);
  });

  it.each([
    ['"a\\x00\\r\\n"', { kind: 'text' }],
    ['{ hex: "0a ff" }', { kind: 'bytes', bytes: Buffer.from([0x0a, 0xff]), form: 'hex' }],
    ['{ base64: "aGk=" }', { kind: 'bytes', bytes: Buffer.from('hi'), form: 'base64' }],
    ['{ repeat: "x", times: 1000 }', { kind: 'repeat', times: 1000 }],
  ])('reads the payload %s', (yaml, shape) => {
    const spec = loadSpecText('t.yaml', `${head}  - send: ${yaml}\n`);
    expect((spec.steps[0] as { payload: unknown }).payload).toMatchObject(shape);
  });

  it('reads bare steps, silence and sleep durations', () => {
    const spec = loadSpecText('t.yaml', `${head}  - silence: 200ms\n  - sleep: 1\n  - shutdown\n  - reset\n`);
    expect(spec.steps).toMatchObject([
      { kind: 'silence', duration: 200 },
      { kind: 'sleep', duration: 1 },
      { kind: 'shutdown' },
      { kind: 'reset' },
    ]);
  });

  it('reads the server role with listen and connections', () => {
    const spec = loadSpecText(
      't.yaml',
      `name: s\nrole: server\nlisten: "[::1]:7000"\nconnections: 3\nsteps:\n  - close\n`,
    );
    expect(spec).toMatchObject({ role: 'server', listen: { host: '::1', port: 7000 }, connections: 3 });
  });

  it('reads fuzz settings and keeps defaults for the rest', () => {
    const spec = loadSpecText(
      't.yaml',
      `name: f\nfuzz:\n  runs: 7\n  delay: 1-3ms\n  seed: 42\n  slow_reader: false\nsteps:\n  - close\n`,
    );
    expect(spec.fuzz).toEqual({
      runs: 7,
      split: true,
      coalesce: true,
      delay: { min: 1, max: 3 },
      slowReader: false,
      seed: 42,
    });
  });
});

describe('loadSpecText rejects each kind of mistake with its own message and position', () => {
  it.each([
    ['an unknown step', `${head}  - sned: "x"\n`, 't.yaml:3:5: step 1: unknown step "sned" (did you mean "send"?)'],
    [
      'two kind keys in one step',
      `${head}  - send: "x"\n    expect: "y"\n`,
      't.yaml:4:5: step 1: has two kinds, "send" and "expect"',
    ],
    ['bad hex', `${head}  - send: { hex: "0g" }\n`, 't.yaml:3:18: hex: "g" is not a hex digit'],
    ['odd hex', `${head}  - expect: { hex: "abc" }\n`, 't.yaml:3:20: hex: odd number of hex digits (3)'],
    ['a bad regex', `${head}  - expect: /a(/\n`, 't.yaml:3:13: invalid regex /a(/: Unterminated group'],
    ['a g flag', `${head}  - expect: /a/g\n`, 't.yaml:3:13: regex flag "g" is not allowed'],
    ['a bad duration', `${head}  - sleep: 5x\n`, 't.yaml:3:12: step 1: sleep: expects a duration such as 200ms'],
    ['a bad spec timeout', `name: t\ntimeout: soon\nsteps:\n  - close\n`, 't.yaml:2:10: timeout: expects a duration'],
    ['missing steps', `name: t\n`, 't.yaml:1:1: missing "steps"'],
    ['missing name', `steps:\n  - close\n`, 't.yaml:1:1: missing "name"'],
    ['an undefined variable', `${head}  - send: "\${nope}"\n`, 't.yaml:3:11: step 1: undefined variable "${nope}"'],
    ['broken YAML', `name: t\nsteps: [\n`, 't.yaml:3:1: invalid YAML: Flow sequence'],
    ['an unclosed quote', `name: t\nsteps:\n  - send: "x\n`, 't.yaml:4:1: invalid YAML: Missing closing "quote'],
    ['a duplicate key', `name: t\nname: u\nsteps:\n  - close\n`, 't.yaml:2:1: invalid YAML: Map keys must be unique'],
    ['an unknown top-level key', `name: t\nstep: []\n`, 't.yaml:2:1: unknown key "step" (did you mean "steps"?)'],
    ['a bad role', `name: t\nrole: both\nsteps:\n  - close\n`, 't.yaml:2:7: role: expects "client"'],
    [
      'listen in the client role',
      `name: t\nlisten: 7000\nsteps:\n  - close\n`,
      't.yaml:2:1: listen: only applies with "role: server"',
    ],
    ['a bare step that needs a value', `${head}  - send\n`, 't.yaml:3:5: step 1: "send" needs a value'],
    ['a value on close', `${head}  - close: now\n`, 't.yaml:3:12: step 1: close takes no value'],
    [
      'an unknown frame header',
      `${head}  - expect: { frame: u24 }\n`,
      't.yaml:3:22: frame: expects a length header, one of u8, u16be',
    ],
    ['eof inside until', `${head}  - expect: { until: eof }\n`, 't.yaml:3:22: eof cannot stand inside until'],
    [
      'two matcher forms',
      `${head}  - expect: { text: "a", hex: "61" }\n`,
      't.yaml:3:13: a matcher map takes exactly one of',
    ],
    ['an unquoted number', `${head}  - send: 250\n`, 't.yaml:3:11: send: found number 250; quote it'],
    ['an unclosed reference', `${head}  - send: "\${x"\n`, 't.yaml:3:11: unclosed "${"'],
    [
      'a send after shutdown',
      `${head}  - shutdown\n  - send: "late"\n`,
      't.yaml:4:5: step 2: send after the shutdown at step 1; our sending direction is closed',
    ],
  ])('%s', (_what, text, message) => {
    expect(problemsOf(text, 't.yaml').join('\n')).toContain(message);
  });

  it('lists every problem in file order, not only the first', () => {
    const problems = problemsOf(`${head}  - sned: "x"\n  - sleep: soon\n  - send: { hex: "zz" }\n`, 't.yaml');
    expect(problems.map((p) => p.split(':').slice(0, 2).join(':'))).toEqual(['t.yaml:3', 't.yaml:4', 't.yaml:5']);
  });
});

describe('file payloads', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpspec-load-'));
  const specs = path.join(dir, 'specs');
  fs.mkdirSync(path.join(specs, 'sub'), { recursive: true });
  fs.writeFileSync(path.join(specs, 'sub', 'body.bin'), Buffer.from([1, 2, 3]));
  fs.writeFileSync(path.join(dir, 'secret.txt'), 'outside');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads a file relative to the spec file', () => {
    const file = path.join(specs, 'sub', 'a.yaml');
    fs.writeFileSync(file, `${head}  - send: { file: body.bin }\n`);
    expect(loadSpecFile(file).steps[0]).toMatchObject({
      payload: { kind: 'bytes', bytes: Buffer.from([1, 2, 3]), form: 'file' },
    });
  });

  it('refuses a file outside the spec collection', () => {
    const file = path.join(specs, 'sub', 'b.yaml');
    fs.writeFileSync(file, `${head}  - send: { file: ../../secret.txt }\n`);
    expect(() => loadSpecFile(file)).toThrow(
      /b\.yaml:3:19: file: "\.\.\/\.\.\/secret\.txt" is outside the spec collection/,
    );
  });

  it('names a missing file', () => {
    expect(problemsOf(`${head}  - send: { file: nothere.bin }\n`, path.join(specs, 'c.yaml')).join()).toMatch(
      /c\.yaml:3:19: file: "nothere.bin" does not exist/,
    );
  });

  it('reports an unreadable spec file as a SpecError at line 1', () => {
    expect(() => loadSpecFile(path.join(dir, 'missing.yaml'))).toThrow(
      /missing\.yaml:1:1: cannot read the spec file: ENOENT/,
    );
  });
});

describe('warnings for what is legal but surely wrong', () => {
  it('warns about steps after close, a regex with a newline, and a variable used before its capture', () => {
    const spec = loadSpecText(
      't.yaml',
      `${head}  - send: "\${late}"\n  - expect: /(?<late>x)\\n/\n  - close\n  - send: "after"\n`,
    );
    expect(spec.warnings.map((w) => `${w.line}: ${w.message}`)).toEqual([
      expect.stringMatching(/^3: step 1: "\$\{late\}" is used before any step captures it/),
      expect.stringMatching(/^6: step 4: comes after "close" at step 3/),
      expect.stringMatching(/^4: step 2: the regex .* contains a newline/),
    ]);
  });
});
