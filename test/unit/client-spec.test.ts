/** `client:` in a role: server spec: what the loader reads, and the FILE:LINE:COL it names for each mistake. */
import { SpecError } from '../../src/yaml/spec-error';
import { loadSpecText } from '../../src/load/load';
import type { Spec } from '../../src/spec/types';

const file = 'specs/clients/t.yaml';
const server = 'name: t\nrole: server\n';
const steps = 'steps:\n  - expect: "hi"\n    timeout: 2s\n  - send: "ho"\n  - expect: eof\n';

function load(text: string): Spec {
  return loadSpecText(file, text);
}

function problemsOf(text: string): string[] {
  try {
    load(text);
  } catch (err) {
    expect(err).toBeInstanceOf(SpecError);
    return (err as SpecError).message.split('\n');
  }
  throw new Error('the spec loaded, but a SpecError was expected');
}

describe('client: is read as the contract writes it', () => {
  it('reads command, exit, stdout and timeout, keeping ${host} and ${port} for the start', () => {
    const spec = load(
      `${server}client:\n  command: [python3, clients/greeting.py, "\${host}", "\${port}"]\n  exit: 3\n  stdout: /Hallo Client!/\n  timeout: 5s\n${steps}`,
    );
    expect(spec.client).toMatchObject({
      loc: { file, line: 3, column: 1 },
      exit: 3,
      stdout: { kind: 'regex' },
      timeout: 5000,
    });
    expect(spec.client!.command!.map((w) => w.source)).toEqual([
      'python3',
      'clients/greeting.py',
      '${host}',
      '${port}',
    ]);
    expect(spec.client!.command![3]!.parts).toEqual([{ ref: 'port' }]);
  });

  it('expects exit status 0 and allows the sum of the step timeouts when they are not given', () => {
    const spec = load(`${server}timeout: 1s\nclient:\n  command: [x]\n${steps}`);
    expect(spec.client).toMatchObject({ exit: 0, timeout: 2000 + 1000 + 1000 });
    expect(spec.client!.stdout).toBeUndefined();
  });

  it('reads exact-text stdout, with the spec vars it may use', () => {
    const spec = load(
      `${server}vars:\n  who: Client\nclient:\n  command: [x]\n  stdout: { text: "Hallo \${who}!" }\n${steps}`,
    );
    expect(spec.client!.stdout).toMatchObject({ kind: 'text', text: { source: 'Hallo ${who}!' } });
  });

  it('leaves the command to --client when only the expectations are given', () => {
    const spec = load(`${server}client:\n  stdout: PONG\n${steps}`);
    expect(spec.client!.command).toBeUndefined();
  });

  it('leaves a spec without client: without one', () => {
    expect(load(`${server}${steps}`).client).toBeUndefined();
  });
});

describe('client: mistakes are named with FILE:LINE:COLUMN', () => {
  it.each([
    [
      'client: in the client role',
      `name: t\nclient:\n  command: [x]\n${steps}`,
      `${file}:2:1: client: only applies with "role: server"`,
    ],
    ['a client that is not a map', `${server}client: python3\n${steps}`, `${file}:3:9: client: expects a map`],
    [
      'an unknown key',
      `${server}client:\n  comand: [x]\n${steps}`,
      `${file}:4:3: client: unknown key "comand" (did you mean "command"?)`,
    ],
    [
      'a command written as one string',
      `${server}client:\n  command: "python3 x.py"\n${steps}`,
      `${file}:4:12: client.command: expects a list of words such as [python3, client.py, "\${port}"]; found the string "python3 x.py" (a string is not split into words`,
    ],
    [
      'an empty command',
      `${server}client:\n  command: []\n${steps}`,
      `${file}:4:12: client.command: the list is empty`,
    ],
    [
      'a word that is a number',
      `${server}client:\n  command: [nc, localhost, 7000]\n${steps}`,
      `${file}:4:28: client.command: word 3 must be a string, found number 7000; quote it to pass it as a word ("7000")`,
    ],
    [
      'a word that is a map',
      `${server}client:\n  command: [nc, { a: 1 }]\n${steps}`,
      `${file}:4:17: client.command: word 2 must be a string, found a map`,
    ],
    [
      'an empty program',
      `${server}client:\n  command: [""]\n${steps}`,
      `${file}:4:13: client.command: the program (word 1) is empty`,
    ],
    [
      'an undefined variable in the command',
      `${server}client:\n  command: [nc, "\${hots}"]\n${steps}`,
      `${file}:4:17: client.command: undefined variable "\${hots}"; a client may use \${host}, \${port}`,
    ],
    [
      'an exit status that is not a number',
      `${server}client:\n  command: [x]\n  exit: ok\n${steps}`,
      `${file}:5:9: client.exit: expects an exit status, a whole number from 0 to 255; found the string "ok"`,
    ],
    [
      'an exit status out of range',
      `${server}client:\n  command: [x]\n  exit: 256\n${steps}`,
      `${file}:5:9: client.exit: expects an exit status, a whole number from 0 to 255; found number 256`,
    ],
    [
      'a stdout matcher that is not text or a regex',
      `${server}client:\n  command: [x]\n  stdout: { hex: "0a" }\n${steps}`,
      `${file}:5:11: client.stdout: expects text (all it prints, one trailing newline ignored) or a /regex/ (one whole line of it); found a hex matcher`,
    ],
    [
      'eof as stdout',
      `${server}client:\n  command: [x]\n  stdout: eof\n${steps}`,
      `${file}:5:11: client.stdout: expects text (all it prints, one trailing newline ignored) or a /regex/ (one whole line of it); found an eof matcher (write { text: eof } for the text "eof")`,
    ],
    [
      'a stdout regex that does not compile',
      `${server}client:\n  command: [x]\n  stdout: /Hallo (/\n${steps}`,
      `${file}:5:11: client.stdout: invalid regex /Hallo (/`,
    ],
    [
      'a stdout that is a number',
      `${server}client:\n  command: [x]\n  stdout: 42\n${steps}`,
      `${file}:5:11: client.stdout: expect: found number 42; quote it to expect it as text ("42")`,
    ],
    [
      'a bad timeout',
      `${server}client:\n  command: [x]\n  timeout: soon\n${steps}`,
      `${file}:5:12: client.timeout: expects a duration such as 5s, 500ms or 1m; found the string "soon"`,
    ],
  ])('%s', (_what, text, message) => {
    expect(problemsOf(text).join('\n')).toContain(message);
  });
});
