import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { StepMismatchError } from '../peer/step-errors';
import { Transcript } from './transcript';
import { renderSpecTranscripts, transcriptBase, writeSpecTranscripts } from './write-transcript';
import type { ConversationRecord, SpecTranscript } from './write-transcript';

const ref = { file: 'specs/redis/ping.yaml', line: 6, column: 5, index: 2, kind: 'expect' };

function conversation(connection?: number): ConversationRecord {
  const t = new Transcript();
  t.event('connected to 127.0.0.1:6379 from 127.0.0.1:5000');
  t.step(1, 'send', 'start', 'say hello');
  t.bytes('sent', Buffer.from('PING\r\n'));
  t.step(1, 'send', 'pass');
  t.step(2, 'expect', 'start');
  t.bytes('received', Buffer.from('-ERR\x00\r\n', 'latin1'));
  t.step(2, 'expect', 'fail');
  const failure = new StepMismatchError({
    step: ref,
    expected: '"+PONG\\r\\n"',
    received: Buffer.from('-ERR\x00\r\n', 'latin1'),
    offset: 0,
    streamOffset: 0,
  });
  return {
    failure,
    notRun: [{ ...ref, line: 7, index: 3, kind: 'close' }],
    transcript: t,
    ...(connection ? { connection } : {}),
  };
}

const header: SpecTranscript['header'] = {
  file: 'specs/redis/ping.yaml',
  name: 'Redis PING',
  verdict: 'FAIL',
  durationMs: 12,
  role: 'client',
  address: '127.0.0.1:6379',
  failure: 'the failure message',
};

describe('transcript files', () => {
  it('open with the verdict and failure, then show each event with direction, time, text and hex, and step lines', () => {
    const [file] = renderSpecTranscripts({
      header,
      conversations: [conversation()],
      stepLines: new Map([
        [1, 5],
        [2, 6],
        [3, 7],
      ]),
    });
    const lines = file!.text.split('\n');
    expect(lines.slice(0, 6)).toEqual([
      'tcpspec transcript',
      'spec:       specs/redis/ping.yaml',
      'name:       Redis PING',
      'verdict:    FAIL (12 ms)',
      'failure:    the failure message',
      'target:     127.0.0.1:6379 (client role)',
    ]);
    expect(file!.text).toMatch(/^ +\d+\.\d{3} {2}== {2}step 1 \(send\) line 5 "say hello" starts$/m);
    expect(file!.text).toMatch(/^ +\d+\.\d{3} {2}>> {2}6 bytes +"PING\\r\\n"$/m);
    expect(file!.text).toMatch(/^ +00000000 {2}50 49 4e 47 0d 0a {2}/m);
    expect(file!.text).toMatch(/^ +\d+\.\d{3} {2}<< {2}7 bytes +"-ERR\\x00\\r\\n"$/m);
    expect(file!.text).toMatch(
      /^ +\d+\.\d{3} {2}!! {2}step 2 \(expect\) line 6 FAILED\n +specs\/redis\/ping\.yaml:6 step 2 \(expect\): expected "\+PONG\\r\\n"/m,
    );
    expect(file!.text).toContain('--  steps not run: line 7 step 3 (close)');
  });

  it('numbers offsets in the hex view from the start of each direction', () => {
    const t = new Transcript();
    t.bytes('received', Buffer.alloc(20, 0x41));
    t.bytes('received', Buffer.from('B'));
    const [file] = renderSpecTranscripts({
      header,
      conversations: [{ notRun: [], transcript: t }],
    });
    expect(file!.text).toMatch(/^ +00000014 {2}42 /m);
  });

  it('are named after the spec file, below the folder, keeping the spec folders apart', () => {
    expect(transcriptBase('out', 'specs/redis/ping.yaml')).toBe(path.join('out', 'specs', 'redis', 'ping'));
    expect(transcriptBase('out', path.resolve('specs/smtp/ping.yml'))).toBe(path.join('out', 'specs', 'smtp', 'ping'));
    expect(transcriptBase('out', '../elsewhere/a.yaml')).toBe(path.join('out', 'elsewhere', 'a'));
  });

  it('are one file per connection in the server role', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpspec-transcript-'));
    try {
      const written = writeSpecTranscripts(dir, {
        header: { ...header, role: 'server' },
        conversations: [conversation(1), conversation(2)],
      });
      expect(written).toEqual([
        path.join(dir, 'specs/redis/ping.connection-1.transcript.txt'),
        path.join(dir, 'specs/redis/ping.connection-2.transcript.txt'),
      ]);
      expect(fs.readFileSync(written[1]!, 'utf8')).toContain('connection: 2 of 2');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('still say what happened when no conversation took place', () => {
    const [file] = renderSpecTranscripts({ header: { ...header, verdict: 'ERROR' }, conversations: [] });
    expect(file!.text).toContain('verdict:    ERROR (12 ms)');
    expect(file!.text).toContain('no conversation took place');
  });
});
