import { Transcript } from './transcript';

const HANDSHAKE = { version: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256' };

describe('Transcript kept in columns', () => {
  it('builds every kind of event with the fields, lanes and order they were recorded in', () => {
    const t = new Transcript();
    const pub = t.lane('pub');
    t.step(1, 'send', 'start', 'greets');
    t.bytes('sent', Buffer.from('ping\n'));
    t.step(1, 'send', 'pass');
    pub.bytes('received', Buffer.from('pong\n'), true);
    pub.event('TLS handshake done', HANDSHAKE);
    pub.step(2, 'expect', 'fail');
    t.event('we closed the connection');
    const shapes = t.events.map((e) => {
      const { t: time, ...rest } = e;
      expect(typeof time).toBe('number');
      return { keys: Object.keys(e), ...rest };
    });
    expect(shapes).toEqual([
      {
        keys: ['t', 'type', 'index', 'kind', 'outcome', 'note'],
        type: 'step',
        index: 1,
        kind: 'send',
        outcome: 'start',
        note: 'greets',
      },
      { keys: ['t', 'type', 'bytes', 'size'], type: 'sent', bytes: Buffer.from('ping\n'), size: 5 },
      { keys: ['t', 'type', 'index', 'kind', 'outcome'], type: 'step', index: 1, kind: 'send', outcome: 'pass' },
      {
        keys: ['t', 'type', 'bytes', 'size', 'tls', 'connection'],
        type: 'received',
        bytes: Buffer.from('pong\n'),
        size: 5,
        tls: true,
        connection: 'pub',
      },
      {
        keys: ['t', 'type', 'what', 'handshake', 'connection'],
        type: 'event',
        what: 'TLS handshake done',
        handshake: HANDSHAKE,
        connection: 'pub',
      },
      {
        keys: ['t', 'type', 'index', 'kind', 'outcome', 'connection'],
        type: 'step',
        index: 2,
        kind: 'expect',
        outcome: 'fail',
        connection: 'pub',
      },
      { keys: ['t', 'type', 'what'], type: 'event', what: 'we closed the connection' },
    ]);
  });

  it('gives times in recording order, in milliseconds rounded to the microsecond', () => {
    const t = new Transcript();
    for (let i = 0; i < 200; i++) t.step(i, 'send', 'start');
    const times = t.events.map((e) => e.t);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(times.every((ms) => Math.round(ms * 1000) / 1000 === ms)).toBe(true);
  });

  it('returns the same array each time, grown by what was recorded since', () => {
    const t = new Transcript();
    t.event('first');
    const events = t.events;
    for (let i = 0; i < 100; i++) t.bytes('received', Buffer.from([i]));
    expect(t.events).toBe(events);
    expect(events).toHaveLength(101);
    expect(events.slice(1).map((e) => (e.type === 'received' ? e.bytes[0] : -1))).toEqual([...Array(100).keys()]);
  });

  it('keeps a copy of the bytes: a chunk reused after it was recorded does not change the transcript', () => {
    const t = new Transcript();
    const chunk = Buffer.from('abc');
    t.bytes('received', chunk);
    chunk.fill(0x7a);
    const e = t.events[0]!;
    expect(e.type === 'received' && e.bytes.toString()).toBe('abc');
  });

  it('keeps bytes across growth of its buffer and stops at the bound exactly', () => {
    const t = new Transcript(10_000);
    const chunks = Array.from({ length: 30 }, (_, i) => Buffer.alloc(500, 0x41 + (i % 26)));
    for (const c of chunks) t.bytes('sent', c);
    const kept = t.events.map((e) => (e.type === 'sent' ? e.bytes : Buffer.alloc(0)));
    expect(Buffer.concat(kept)).toEqual(Buffer.concat(chunks).subarray(0, 10_000));
    expect(kept.map((b) => b.length)).toEqual([...new Array<number>(20).fill(500), ...new Array<number>(10).fill(0)]);
    expect(t.dropped).toBe(5_000);
  });
});
