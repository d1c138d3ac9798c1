import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SpecError } from '../yaml/spec-error';
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
    [
      'two payload forms',
      `${head}  - send: { hex: "00", base64: "AA==" }\n`,
      't.yaml:3:11: send: a payload map takes exactly one of hex, base64, file, repeat, struct; found hex and base64',
    ],
    [
      'times without repeat',
      `${head}  - send: { hex: "00", times: 2 }\n`,
      't.yaml:3:24: send: "times" goes only with "repeat"',
    ],
    [
      'a list as a payload',
      `${head}  - send: [a]\n`,
      't.yaml:3:11: send: expects text or one of { hex }, { base64 }, { file }, { repeat, times }, { struct }; found a list',
    ],
    [
      'an unknown payload key',
      `${head}  - send: { hexx: "00" }\n`,
      't.yaml:3:13: unknown key "hexx" in a send payload (did you mean "hex"?)',
    ],
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
  it('refuses a variable used before the step that captures it: steps play in file order', () => {
    expect(() => loadSpecText('t.yaml', `${head}  - send: "\${late}"\n  - expect: /(?<late>x)/\n`)).toThrow(
      't.yaml:3:11: step 1: "${late}" is used before the step that captures it; steps play in file order, so move the capture earlier',
    );
  });

  it('warns about steps after close, a regex with a newline, and a variable used by the step that captures it', () => {
    const spec = loadSpecText(
      't.yaml',
      `${head}  - expect: { until: '/END \${n}/', each: '/(?<n>\\d+)/' }\n  - expect: /(?<late>x)\\n/\n  - close\n  - send: "after"\n`,
    );
    expect(spec.warnings.map((w) => `${w.line}: ${w.message}`)).toEqual([
      expect.stringMatching(/^3: step 1: "\$\{n\}" is used by the step that captures it/),
      expect.stringMatching(/^6: step 4: comes after "close" at step 3/),
      expect.stringMatching(/^4: step 2: the regex .* contains a newline/),
    ]);
  });
});

describe('a struct field reading what an earlier field captured', () => {
  it('is neither a warning nor a problem: the decoder stores captures field by field', () => {
    const spec = loadSpecText(
      't.yaml',
      `${head}  - expect: { struct: [{ u8: { as: n } }, { bytes: { size: "\${n}", as: body } }] }\n`,
    );
    expect(spec.warnings).toEqual([]);
  });

  it('still warns when the field that captures comes after the one that reads', () => {
    const spec = loadSpecText(
      't.yaml',
      `${head}  - expect: { struct: [{ bytes: { size: "\${n}" } }, { u8: { as: n } }] }\n`,
    );
    expect(spec.warnings.map((w) => w.message)).toEqual([
      expect.stringMatching(/^step 1: "\$\{n\}" is used by the step that captures it/),
    ]);
  });
});

describe('several connections, TLS and starttls', () => {
  const server = 'name: s\nrole: server\nsteps:\n';

  it('reads connect (both forms), on:, fuzz: false and names every connection', () => {
    const spec = loadSpecText(
      't.yaml',
      `${head}  - connect: pub
  - on: pub
    send: "PUB x\\r\\n"
    fuzz: false
  - connect: { name: other, target: "127.0.0.1:4222", tls: { servername: nats.test } }
  - on: other
    expect: "+OK\\r\\n"
  - expect: eof
`,
    );
    expect(spec.connectionNames).toEqual(['main', 'pub', 'other']);
    expect(spec.steps).toMatchObject([
      { kind: 'connect', name: 'pub', on: 'pub', fuzz: true },
      { kind: 'send', on: 'pub', fuzz: false },
      { kind: 'connect', name: 'other', target: { name: '127.0.0.1:4222' }, tls: { servername: 'nats.test' } },
      { kind: 'expect', on: 'other' },
      { kind: 'expect', on: 'main', fuzz: true },
    ]);
  });

  it('reads accept in the server role, and starttls bare and with settings', () => {
    const spec = loadSpecText(
      't.yaml',
      `${server}  - accept: second\n  - on: second\n    starttls\n  - starttls: { alpn: [h2, http/1.1], min_version: TLSv1.2 }\n`.replace(
        '    starttls\n',
        '    starttls:\n',
      ),
    );
    expect(spec.connectionNames).toEqual(['main', 'second']);
    expect(spec.steps).toMatchObject([
      { kind: 'accept', name: 'second', on: 'second' },
      { kind: 'starttls', on: 'second' },
      { kind: 'starttls', on: 'main', tls: { alpn: ['h2', 'http/1.1'], minVersion: 'TLSv1.2' } },
    ]);
    expect(spec.steps[1]).toMatchObject({ kind: 'starttls', tls: undefined });
    expect(loadSpecText('t.yaml', `${head}  - starttls\n`).steps[0]).toMatchObject({ kind: 'starttls', on: 'main' });
  });

  it('reads top-level tls as true or as a map', () => {
    expect(loadSpecText('t.yaml', `name: t\ntls: true\nsteps:\n  - close\n`).tls).toEqual({
      loc: { file: 't.yaml', line: 2, column: 6 },
    });
    expect(
      loadSpecText('t.yaml', `name: t\ntls:\n  verify: true\n  alpn: imap\n  max_version: TLSv1.3\nsteps:\n  - close\n`)
        .tls,
    ).toMatchObject({ verify: true, alpn: ['imap'], maxVersion: 'TLSv1.3' });
    expect(loadSpecText('t.yaml', `name: t\ntls: false\nsteps:\n  - close\n`).tls).toBeUndefined();
    expect(loadSpecText('t.yaml', `${head}  - close\n`).connectionNames).toEqual(['main']);
  });

  it('checks shutdown and close per connection', () => {
    const spec = loadSpecText(
      't.yaml',
      `${head}  - connect: b\n  - on: b\n    shutdown:\n  - send: "main still sends"\n  - on: b\n    close:\n  - on: b\n    expect: eof\n`,
    );
    expect(spec.warnings.map((w) => `${w.line}: ${w.message}`)).toEqual([
      expect.stringMatching(/^9: step 5: comes after "close" at step 4 on b/),
    ]);
  });

  it.each([
    [
      'an on: naming no connection',
      `${head}  - on: pub\n    send: "x"\n`,
      't.yaml:3:5: step 1: on: "pub" names no connection; open it first with connect: pub (known: main)',
    ],
    [
      'an on: naming a connection opened only later',
      `${head}  - on: pub\n    send: "x"\n  - connect: pub\n`,
      't.yaml:3:5: step 1: on: "pub" is opened only later, at step 2; move the connect before this step',
    ],
    [
      'a connection opened twice',
      `${head}  - connect: pub\n  - connect: pub\n`,
      't.yaml:4:5: step 2: the connection "pub" is opened twice (first at step 1)',
    ],
    [
      'a connect naming main',
      `${head}  - connect: main\n`,
      't.yaml:3:5: step 1: the connection "main" is opened twice ("main" is the connection every spec opens first)',
    ],
    [
      'accept in the client role',
      `${head}  - accept: second\n`,
      't.yaml:3:5: step 1: accept: waits for a client to connect, which only happens with "role: server"; in the client role open another connection with connect: second',
    ],
    [
      'connect in the server role',
      `${server}  - connect: second\n`,
      't.yaml:4:5: step 1: connect: opens a connection to the target, which only happens in the client role; with "role: server" wait for another client with accept: second',
    ],
    [
      'connections: together with accept:',
      `name: s\nrole: server\nconnections: 2\nsteps:\n  - accept: b\n`,
      't.yaml:5:5: step 1: accept: cannot be combined with connections: (line 3)',
    ],
    ['connect without a name', `${head}  - connect\n`, 't.yaml:3:5: step 1: "connect" needs a value'],
    [
      'a connect map without a name',
      `${head}  - connect: { target: "127.0.0.1:1" }\n`,
      't.yaml:3:14: step 1: connect: needs a name',
    ],
    [
      'an unknown key in connect',
      `${head}  - connect: { name: b, tsl: true }\n`,
      't.yaml:3:25: step 1: unknown key "tsl" in connect (did you mean "tls"?)',
    ],
    [
      'a bad connection name',
      `${head}  - connect: "two words"\n`,
      't.yaml:3:14: step 1: connect: expects a connection name such as pub',
    ],
    [
      'on: on a connect',
      `${head}  - on: main\n    connect: b\n`,
      't.yaml:3:5: step 1: on: does not apply to connect, which names the connection it opens',
    ],
    [
      'fuzz: false on an expect',
      `${head}  - expect: "x"\n    fuzz: false\n`,
      't.yaml:3:5: step 1: fuzz: false applies only to a send',
    ],
    ['fuzz: not a boolean', `${head}  - send: "x"\n    fuzz: no way\n`, 't.yaml:4:11: step 1: fuzz: expects false'],
    [
      'an unknown TLS version',
      `name: t\ntls: { min_version: TLSv1.4 }\nsteps:\n  - close\n`,
      't.yaml:2:21: tls.min_version: unknown TLS version the string "TLSv1.4"; expected one of: TLSv1, TLSv1.1, TLSv1.2, TLSv1.3',
    ],
    [
      'min_version above max_version',
      `name: t\ntls: { min_version: TLSv1.3, max_version: TLSv1.2 }\nsteps:\n  - close\n`,
      't.yaml:2:6: tls.min_version: TLSv1.3 is above max_version TLSv1.2',
    ],
    [
      'a TLS version spelled otherwise',
      `name: t\ntls: { max_version: tls1.2 }\nsteps:\n  - close\n`,
      't.yaml:2:21: tls.max_version: unknown TLS version the string "tls1.2" (did you mean "TLSv1.2"?)',
    ],
    [
      'an unknown TLS key',
      `name: t\ntls: { sni: x }\nsteps:\n  - close\n`,
      't.yaml:2:8: tls.sni: unknown TLS setting; expected one of: servername, verify',
    ],
    [
      'an unknown TLS key on starttls',
      `${head}  - starttls: { verfy: true }\n`,
      't.yaml:3:17: step 1: starttls.verfy: unknown TLS setting (did you mean "verify"?)',
    ],
    [
      'a bad TLS version on connect',
      `${head}  - connect: { name: b, tls: { max_version: 1.3 } }\n`,
      't.yaml:3:45: step 1: connect.tls.max_version: unknown TLS version number 1.3 (did you mean "TLSv1.3"?)',
    ],
    [
      'tls that is neither true nor a map',
      `name: t\ntls: yes please\nsteps:\n  - close\n`,
      't.yaml:2:6: tls: expects true, false or a map of settings',
    ],
    ['starttls: false', `${head}  - starttls: false\n`, 't.yaml:3:15: step 1: starttls: false upgrades nothing'],
    [
      'verify not a boolean',
      `name: t\ntls: { verify: sure }\nsteps:\n  - close\n`,
      't.yaml:2:16: tls.verify: expects true or false',
    ],
    [
      'an empty alpn list',
      `name: t\ntls: { alpn: [] }\nsteps:\n  - close\n`,
      't.yaml:2:14: tls.alpn: expects a protocol name',
    ],
  ])('rejects %s', (_what, text, message) => {
    expect(problemsOf(text, 't.yaml').join('\n')).toContain(message);
  });
});

describe('tls files', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpspec-tls-'));
  const specs = path.join(dir, 'specs');
  fs.mkdirSync(path.join(specs, 'certs'), { recursive: true });
  fs.writeFileSync(path.join(specs, 'certs', 'ca.pem'), 'CA');
  fs.writeFileSync(path.join(specs, 'certs', 'server.pem'), 'CERT');
  fs.writeFileSync(path.join(specs, 'certs', 'server.key'), 'KEY');
  fs.writeFileSync(path.join(dir, 'stolen.key'), 'outside');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads ca, cert and key relative to the spec file', () => {
    const file = path.join(specs, 'a.yaml');
    fs.writeFileSync(
      file,
      `name: t\nrole: server\ntls: { ca: certs/ca.pem, cert: certs/server.pem, key: certs/server.key }\nsteps:\n  - close\n`,
    );
    expect(loadSpecFile(file).tls).toMatchObject({
      ca: { path: 'certs/ca.pem', bytes: Buffer.from('CA') },
      cert: { bytes: Buffer.from('CERT') },
      key: { bytes: Buffer.from('KEY'), loc: { line: 3, column: 55 } },
    });
  });

  it('refuses a key file outside the spec collection, like a file: payload', () => {
    const file = path.join(specs, 'b.yaml');
    fs.writeFileSync(
      file,
      `name: t\nrole: server\ntls:\n  cert: certs/server.pem\n  key: ../stolen.key\nsteps:\n  - close\n`,
    );
    expect(() => loadSpecFile(file)).toThrow(
      /b\.yaml:5:8: tls\.key: "\.\.\/stolen\.key" is outside the spec collection .*; certificate and key files must live inside it/,
    );
  });

  it('names a missing ca file on a starttls step and a cert without its key', () => {
    const problems = problemsOf(
      `name: t\ntls: { cert: certs/server.pem }\nsteps:\n  - starttls: { ca: certs/none.pem }\n`,
      path.join(specs, 'c.yaml'),
    ).join('\n');
    expect(problems).toMatch(/c\.yaml:2:6: tls\.cert: needs its key too/);
    expect(problems).toMatch(/c\.yaml:4:21: step 1: starttls\.ca: "certs\/none\.pem" does not exist/);
  });
});
