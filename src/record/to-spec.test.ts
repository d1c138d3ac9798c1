import { loadSpecText } from '../load/load';
import type { RecordedEvent, Recording } from './recording';
import { recordingToSpec, stepsOf, yamlQuote } from './to-spec';

const data = (from: 'client' | 'server', text: string | Buffer): RecordedEvent => ({
  from,
  type: 'data',
  bytes: Buffer.isBuffer(text) ? text : Buffer.from(text),
});
const end = (from: 'client' | 'server'): RecordedEvent => ({ from, type: 'end' });

describe('a recording as spec steps', () => {
  it('makes one send per client turn and one expect per complete server line', () => {
    expect(
      stepsOf([
        data('server', '220 hi\r\n'),
        data('client', 'EHLO a\r\n'),
        data('client', 'NOOP\r\n'),
        data('server', '250-a\r\n250 ok\r\n'),
        end('client'),
        end('server'),
      ]),
    ).toEqual([
      '  - expect: "220 hi\\r\\n"',
      '  - send: "EHLO a\\r\\nNOOP\\r\\n"',
      '  - expect: "250-a\\r\\n"',
      '  - expect: "250 ok\\r\\n"',
      '  - close',
    ]);
  });

  it('writes binary turns as hex, and long ones as a hex block', () => {
    const steps = stepsOf([data('client', Buffer.from([0, 0xff, 0x0a])), data('server', Buffer.alloc(40, 0x01))]);
    expect(steps[0]).toBe('  - send: { hex: "00 ff 0a" }');
    expect(steps[1]).toBe(
      `  - expect:\n      hex: |\n        ${Array(32).fill('01').join(' ')}\n        ${Array(8).fill('01').join(' ')}`,
    );
  });

  it('turns the server closing first into expect: eof, then close', () => {
    expect(stepsOf([data('client', 'QUIT\n'), data('server', 'bye\n'), end('server'), end('client')])).toEqual([
      '  - send: "QUIT\\n"',
      '  - expect: "bye\\n"',
      '  - expect: eof',
      '  - close',
    ]);
  });

  it('turns a client half-close the server still answers into shutdown', () => {
    expect(stepsOf([data('client', 'last\n'), end('client'), data('server', 'last\n'), end('server')])).toEqual([
      '  - send: "last\\n"',
      '  - shutdown',
      '  - expect: "last\\n"',
      '  - expect: eof',
      '  - close',
    ]);
  });

  it('spells out text that would read as eof or a regex, and escapes ${', () => {
    expect(stepsOf([data('client', 'x'), data('server', 'eof'), data('client', 'y'), data('server', '/a/')])).toContain(
      '  - expect: { text: "eof" }',
    );
    expect(stepsOf([data('client', 'x'), data('server', '/a/')])).toContain('  - expect: { text: "/a/" }');
    expect(stepsOf([data('client', 'echo ${HOME}\n')])[0]).toBe('  - send: "echo $${HOME}\\n"');
  });

  it('quotes strings so YAML gives back exactly the same characters', () => {
    expect(yamlQuote('a"b\\c\x1b\x7f\u0085é')).toBe('"a\\"b\\\\c\\x1b\\x7f\\x85é"');
  });

  it('writes a spec the loader accepts without warnings, starting with the schema line', () => {
    const recording: Recording = {
      client: '127.0.0.1:5',
      server: '127.0.0.1:7000',
      stoppedBy: 'closed',
      events: [data('client', 'PING ${x}\r\n'), data('server', Buffer.from([0, 1, 2])), end('server')],
    };
    const text = recordingToSpec(recording, {
      out: 'specs/recorded/ping.yaml',
      recordedAt: new Date(0),
      name: 'PING "quoted"',
    });
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=../../schema/tcpspec.schema.json');
    const spec = loadSpecText('specs/recorded/ping.yaml', text);
    expect(spec.name).toBe('PING "quoted"');
    expect(spec.steps.map((s) => s.kind)).toEqual(['send', 'expect', 'expect', 'close']);
    expect(spec.warnings).toEqual([]);
  });
});
