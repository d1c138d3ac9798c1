import { createServer, type Server, type Socket } from 'node:net';
import { acceptsConnection } from './connect-probe';
import { dnsReady } from './dns-probe';
import { ldapReady } from './ldap-probe';
import { mariadbReady } from './mariadb-probe';
import { memcachedBinaryReady } from './memcached-binary-probe';
import { postgresReady } from './postgres-probe';
import type { Readiness } from './readiness';
import { waitUntilReady } from './wait-until-ready';

/** A loopback server whose `answer` sees each connection and every byte it receives. */
async function fakeServer(
  answer: (socket: Socket, received: Buffer) => void,
): Promise<{ port: number; server: Server }> {
  const server = createServer((socket) => {
    let received = Buffer.alloc(0);
    socket.on('error', () => undefined);
    answer(socket, received);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      answer(socket, received);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { port: (server.address() as { port: number }).port, server };
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/** Writes `bytes` one byte per write: a probe must not depend on how the reply is cut. */
function trickle(socket: Socket, bytes: Buffer): void {
  for (const b of bytes) socket.write(Buffer.from([b]));
}

const hex = (h: string): Buffer => Buffer.from(h.replace(/\s/g, ''), 'hex');

function notReadyOf(r: Readiness): { kind: string; reason: string } {
  if (r.ready) throw new Error('expected not ready');
  return { kind: r.kind, reason: r.reason };
}

describe('postgresReady', () => {
  const probe = postgresReady('tcpspec', 'tcpspec');
  const startupLength = 4 + 4 + 'user\0tcpspec\0database\0tcpspec\0\0'.length;

  it('is ready when the startup is answered with AuthenticationOk, cut into single bytes', async () => {
    const { port } = await fakeServer((s, got) => {
      if (got.length === startupLength) trickle(s, hex('52 00000008 00000000'));
    });
    expect(await probe('127.0.0.1', port, 2_000)).toEqual({ ready: true });
  });

  it('is not ready while the server answers that it is starting up', async () => {
    const error = Buffer.from('SFATAL\0C57P03\0Mthe database system is starting up\0\0');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(error.length + 4);
    const { port } = await fakeServer((s, got) => {
      if (got.length === startupLength) s.end(Buffer.concat([Buffer.from('E'), length, error]));
    });
    expect(notReadyOf(await probe('127.0.0.1', port, 2_000))).toEqual({
      kind: 'answer',
      reason: 'ErrorResponse S=FATAL C=57P03 M=the database system is starting up',
    });
  });

  it('is not ready when the server hangs up without answering', async () => {
    const { port } = await fakeServer((s, got) => {
      if (got.length > 0) s.end();
    });
    expect(notReadyOf(await probe('127.0.0.1', port, 2_000)).kind).toBe('closed');
  });
});

describe('dnsReady', () => {
  const probe = dnsReady('tcpspec.test');
  /** A reply to the probe's query with `flags`, `id` and `answers`. */
  const reply = (query: Buffer, flags: number, answers: number, id?: number): Buffer => {
    const message = Buffer.from(query.subarray(2));
    if (id !== undefined) message.writeUInt16BE(id, 0);
    message.writeUInt16BE(flags, 2);
    message.writeUInt16BE(answers, 6);
    const length = Buffer.alloc(2);
    length.writeUInt16BE(message.length);
    return Buffer.concat([length, message]);
  };
  const whole = (got: Buffer): boolean => got.length >= 2 && got.length === 2 + got.readUInt16BE(0);

  it('is ready when the SOA query is answered NOERROR with an answer and the same id', async () => {
    const { port } = await fakeServer((s, got) => {
      if (whole(got)) trickle(s, reply(got, 0x8400, 1));
    });
    expect(await probe('127.0.0.1', port, 2_000)).toEqual({ ready: true });
  });

  it.each([
    ['SERVFAIL (a zone still loading)', 0x8402, 0, undefined, 'RCODE SERVFAIL for tcpspec.test SOA'],
    ['NOERROR without an answer', 0x8400, 0, undefined, 'no answer for tcpspec.test SOA'],
    ['another id', 0x8400, 1, 0x0001, 'not a response to our query (id or QR bit)'],
    ['no QR bit', 0x0400, 1, undefined, 'not a response to our query (id or QR bit)'],
  ])('is not ready on %s', async (_what, flags, answers, id, reason) => {
    const { port } = await fakeServer((s, got) => {
      if (whole(got)) s.write(reply(got, flags, answers, id));
    });
    expect(notReadyOf(await probe('127.0.0.1', port, 2_000))).toEqual({ kind: 'answer', reason });
  });
});

describe('ldapReady', () => {
  const probe = ldapReady('uid=alice,ou=people,dc=tcpspec,dc=test', 'alice-secret');
  const bindResponse = (code: number, message = ''): Buffer => {
    const diag = Buffer.from(message);
    const op = Buffer.concat([
      hex(`0a01${code.toString(16).padStart(2, '0')} 0400 04`),
      Buffer.from([diag.length]),
      diag,
    ]);
    const body = Buffer.concat([hex('020101 61'), Buffer.from([op.length]), op]);
    return Buffer.concat([hex('30'), Buffer.from([body.length]), body]);
  };
  const whole = (got: Buffer): boolean => got.length >= 2 && got.length === 2 + got[1]!;

  it('is ready when the bind is answered with resultCode 0', async () => {
    const { port } = await fakeServer((s, got) => {
      if (whole(got)) trickle(s, bindResponse(0));
    });
    expect(await probe('127.0.0.1', port, 2_000)).toEqual({ ready: true });
  });

  it('is not ready when the entry is not there yet (invalidCredentials)', async () => {
    const { port } = await fakeServer((s, got) => {
      if (whole(got)) s.write(bindResponse(49, 'no such entry'));
    });
    expect(notReadyOf(await probe('127.0.0.1', port, 2_000))).toEqual({
      kind: 'answer',
      reason: 'bind as uid=alice,ou=people,dc=tcpspec,dc=test: resultCode 49 no such entry',
    });
  });
});

describe('mariadbReady', () => {
  const probe = mariadbReady('tcpspec_nopass');
  const packet = (sequence: number, payload: Buffer): Buffer => {
    const header = Buffer.alloc(4);
    header.writeUIntLE(payload.length, 0, 3);
    header[3] = sequence;
    return Buffer.concat([header, payload]);
  };
  const greeting = packet(0, Buffer.concat([hex('0a'), Buffer.from('5.5.5-10.11.6-MariaDB\0'), Buffer.alloc(40)]));

  it('is ready when it greets with protocol 10 and the login is answered with OK', async () => {
    const { port } = await fakeServer((s, got) => {
      if (got.length === 0) trickle(s, greeting);
      else if (got.length >= 4 && got.length === 4 + got.readUIntLE(0, 3))
        s.write(packet(2, hex('00 00 00 0200 0000')));
    });
    expect(await probe('127.0.0.1', port, 2_000)).toEqual({ ready: true });
  });

  it('is not ready when the login is refused', async () => {
    const { port } = await fakeServer((s, got) => {
      if (got.length === 0) s.write(greeting);
      else if (got.length >= 4 && got.length === 4 + got.readUIntLE(0, 3)) {
        s.write(packet(2, Buffer.concat([hex('ff 1504'), Buffer.from('#28000Access denied')])));
      }
    });
    expect(notReadyOf(await probe('127.0.0.1', port, 2_000))).toEqual({
      kind: 'answer',
      reason: 'login as tcpspec_nopass: ERR 1045 Access denied',
    });
  });
});

describe('memcachedBinaryReady', () => {
  it('is ready when NOOP is answered with status 0 and the opaque echoed', async () => {
    const { port } = await fakeServer((s, got) => {
      if (got.length === 24)
        trickle(s, Buffer.concat([hex('81 0a 0000 00 00 0000 00000000'), got.subarray(12, 16), Buffer.alloc(8)]));
    });
    expect(await memcachedBinaryReady('127.0.0.1', port, 2_000)).toEqual({ ready: true });
  });

  it('is not ready when the reply is the text protocol', async () => {
    const { port } = await fakeServer((s, got) => {
      if (got.length === 24) s.write('ERROR\r\nERROR\r\nERROR\r\nERROR\r\n');
    });
    expect(notReadyOf(await memcachedBinaryReady('127.0.0.1', port, 2_000))).toEqual({
      kind: 'answer',
      reason: 'not a binary-protocol response: magic 0x45',
    });
  });
});

describe('any probe', () => {
  it('is refused where nothing listens', async () => {
    const { port, server } = await fakeServer(() => undefined);
    await new Promise((r) => server.close(r));
    expect(notReadyOf(await acceptsConnection('127.0.0.1', port, 2_000)).kind).toBe('refused');
  });

  it('is silent when the server never answers, within its bound', async () => {
    const { port } = await fakeServer(() => undefined);
    expect(notReadyOf(await dnsReady('tcpspec.test')('127.0.0.1', port, 200))).toEqual({
      kind: 'silent',
      reason: 'no complete answer within 200ms',
    });
  });
});

describe('waitUntilReady', () => {
  it('probes again until the server is ready', async () => {
    let asked = 0;
    const probe = (): Promise<Readiness> =>
      Promise.resolve(++asked < 3 ? { ready: false, kind: 'answer', reason: 'starting up' } : { ready: true });
    await waitUntilReady('127.0.0.1', 1, probe, 10_000);
    expect(asked).toBe(3);
  });

  it('gives up after its bound, naming the last answer and its bytes', async () => {
    const probe = (): Promise<Readiness> =>
      Promise.resolve({ ready: false, kind: 'answer', reason: 'RCODE SERVFAIL', received: hex('1234 8402') });
    await expect(waitUntilReady('127.0.0.1', 1, probe, 300)).rejects.toThrow(
      '127.0.0.1:1 did not answer as ready after 300ms; last probe: answer: RCODE SERVFAIL; received 12 34 84 02',
    );
  });

  it('stops waiting as soon as the server has exited', async () => {
    const probe = (): Promise<Readiness> => Promise.resolve({ ready: false, kind: 'refused', reason: 'ECONNREFUSED' });
    await expect(waitUntilReady('127.0.0.1', 1, probe, 60_000, () => Promise.resolve(false))).rejects.toThrow(
      'the server exited before 127.0.0.1:1 was ready; last probe: refused: ECONNREFUSED',
    );
  });

  it('writes an IPv6 address as every other message does, in brackets before its port', async () => {
    const probe = (): Promise<Readiness> => Promise.resolve({ ready: false, kind: 'refused', reason: 'ECONNREFUSED' });
    await expect(waitUntilReady('::1', 1, probe, 60_000, () => Promise.resolve(false))).rejects.toThrow(
      'the server exited before [::1]:1 was ready',
    );
  });
});
