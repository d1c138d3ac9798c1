import { tcpOf } from '../support/tcp-of';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tls from 'node:tls';
import { StepTimeoutError, UnexpectedDataError } from '../../src/peer/step-errors';
import { PlaintextBeforeTlsError, TlsHandshakeError } from '../../src/net/tls-errors';
import { playAsClient } from '../../src/peer/client';
import type { SendPlan } from '../../src/peer/send-plan';
import { listenAsServer } from '../../src/peer/server';
import { localhostCertificate } from '../../src/net/certificate';
import { loadSpecFile, loadSpecText } from '../../src/load/load';
import { formatConversation } from '../../src/transcript/format-transcript';
import { rawServer } from './raw-server';
import { starttlsServer, tlsServer } from './tls-servers';
import type { TestServer } from './tls-servers';

const spec = (steps: string, extra = 'timeout: 2s\n') =>
  loadSpecText('specs/tls.yaml', `name: tls test\n${extra}steps:\n${steps}`);

/** The peer as a mock server (role: server, timeout 2s) with the top-level `head` lines, playing `steps`. */
const mockServer = (head: string, steps: string) =>
  listenAsServer(loadSpecText('specs/mock.yaml', `name: mock\nrole: server\ntimeout: 2s\n${head}steps:\n${steps}`));

/** A TLS client of `address`; its own socket errors are ignored, as the test reads the failure from the peer. */
function tlsClientOf(address: { host: string; port: number }, options: tls.ConnectionOptions): tls.TLSSocket {
  const t = tls.connect({ host: address.host, port: address.port, ...options });
  t.on('error', () => undefined);
  return t;
}

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A spec file in a temporary collection with the localhost certificate as `certs/ca.pem`. */
async function specWithCa(text: string): Promise<{ file: string; cleanup: () => void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tcpspec-tls-'));
  const specs = path.join(dir, 'specs');
  fs.mkdirSync(path.join(specs, 'certs'), { recursive: true });
  fs.writeFileSync(path.join(specs, 'certs', 'ca.pem'), (await localhostCertificate()).cert);
  const file = path.join(specs, 'a.yaml');
  fs.writeFileSync(file, text);
  return { file, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

describe('TLS in the client role', () => {
  it('talks to a TLS server and shows the handshake, then the plaintext marked as inside TLS', async () => {
    server = await tlsServer(
      (s) => {
        s.write('+OK hello\r\n');
        s.on('data', (d: Buffer) => s.write(`you said ${d.toString()}`));
      },
      { ALPNProtocols: ['tcpspec/1'] },
    );
    const r = await playAsClient(
      spec(
        '  - expect: "+OK hello\\r\\n"\n  - send: "PING\\r\\n"\n  - expect: "you said PING\\r\\n"\n',
        'timeout: 2s\ntls: { alpn: [tcpspec/1] }\n',
      ),
      server.address,
    );
    expect(r.failure?.message).toBeUndefined();
    const handshake = r.transcript.events.find((e) => e.type === 'event' && e.handshake);
    expect(handshake).toMatchObject({ handshake: { version: 'TLSv1.3', alpn: 'tcpspec/1', verified: false } });
    const text = formatConversation({ events: r.transcript.events });
    expect(text).toMatch(
      /\.\. {2}TLS handshake done: TLSv1\.3, TLS_\w+, ALPN tcpspec\/1, certificate not verified; what follows is inside TLS/,
    );
    expect(text).toMatch(/<< {2}\(tls\) 11 bytes +"\+OK hello\\r\\n"/);
    expect(text).toMatch(/>> {2}\(tls\) 6 bytes +"PING\\r\\n"/);
    // Application data only: the handshake's own records are not bytes of the conversation.
    const received = r.transcript.events
      .filter((e) => e.type === 'received')
      .reduce((n, e) => n + (e.type === 'received' ? e.size : 0), 0);
    expect(received).toBe(11 + 15);
  });

  it('verifies the server against the ca: given, and sends localhost as the server name', async () => {
    let sni: string | undefined;
    server = await tlsServer((s) => {
      sni = s.servername || undefined;
      s.end('+OK\r\n');
    });
    const { file, cleanup } = await specWithCa(
      'name: verified\ntimeout: 2s\ntls: { ca: certs/ca.pem, servername: localhost }\nsteps:\n  - expect: "+OK\\r\\n"\n  - expect: eof\n',
    );
    try {
      const r = await playAsClient(loadSpecFile(file), server.address);
      expect(r.failure?.message).toBeUndefined();
      expect(sni).toBe('localhost');
      expect(r.transcript.events.find((e) => e.type === 'event' && e.handshake)).toMatchObject({
        handshake: { verified: true, servername: 'localhost' },
      });
    } finally {
      cleanup();
    }
  });

  it.each([
    {
      why: 'an unknown CA when verify is on and the certificate is self-signed',
      server: () => tlsServer((s) => s.end('+OK\r\n')),
      tls: '{ verify: true }',
      message:
        "the server's certificate is not signed by a CA we know (unknown CA: DEPTH_ZERO_SELF_SIGNED_CERT); give its CA with ca:, or verify: false",
    },
    {
      why: 'the refused version',
      server: () => tlsServer((s) => s.end('+OK\r\n'), { maxVersion: 'TLSv1.2' }),
      tls: '{ min_version: TLSv1.3 }',
      message:
        'TLS version refused: no version both sides allow (protocol_version alert from the other side) (ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION)',
    },
    {
      why: 'a server that answers in plain text',
      server: () => rawServer((s) => s.write('+OK plain text here\r\n')),
      tls: 'true',
      message:
        'the server did not answer in TLS (its first bytes are no TLS record: is it speaking plain text here?) (ERR_SSL_WRONG_VERSION_NUMBER)',
    },
  ])('fails the handshake naming $why', async ({ server: start, tls: tlsYaml, message }) => {
    server = await start();
    const r = await playAsClient(spec('  - expect: "+OK\\r\\n"\n', `timeout: 2s\ntls: ${tlsYaml}\n`), server.address);
    expect(r.failure).toBeInstanceOf(TlsHandshakeError);
    expect(r.failure).toMatchObject({ code: 'TCPSPEC_TLS_HANDSHAKE', exitStatus: 1 });
    expect(r.failure!.message).toBe(`specs/tls.yaml:5 step 1 (expect): the TLS handshake failed: ${message}`);
    expect(r.notRun).toEqual([]);
  });

  it('takes a TLS 1.3 session ticket for no bytes: silence passes, and eof is the close_notify', async () => {
    server = await tlsServer((s) => {
      s.on('data', () => setTimeout(() => s.end(), 50));
    });
    const r = await playAsClient(
      spec('  - silence: 200ms\n  - send: "bye"\n  - expect: eof\n', 'timeout: 2s\ntls: true\n'),
      server.address,
    );
    expect(r.failure?.message).toBeUndefined();
  });

  it('takes a FIN without close_notify for eof inside TLS', async () => {
    const { cert, key } = await localhostCertificate();
    const accepted: net.Socket[] = [];
    const plain = net.createServer({ allowHalfOpen: true }, (raw) => {
      accepted.push(raw);
      raw.on('error', () => undefined);
      const t = new tls.TLSSocket(raw, { isServer: true, cert, key });
      t.on('error', () => undefined);
      // The TCP socket ends under the TLS one: a FIN, and no close_notify before it.
      t.on('secure', () => t.write('bye\n', () => setTimeout(() => raw.end(), 30)));
    });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    server = {
      address: { host: '127.0.0.1', port: (plain.address() as net.AddressInfo).port },
      close: () =>
        new Promise<void>((resolve) => {
          for (const a of accepted) a.destroy();
          plain.close(() => resolve());
        }),
    };
    const r = await playAsClient(
      spec('  - expect: "bye\\n"\n  - expect: eof\n', 'timeout: 1s\ntls: true\n'),
      server.address,
    );
    expect(r.failure?.message).toBeUndefined();
  });

  it('writes each piece of a split send inside TLS as its own record, which the server reads separately', async () => {
    const reads: string[] = [];
    server = await tlsServer((s) => s.on('data', (d: Buffer) => reads.push(d.toString())));
    const split: SendPlan = {
      mergedSends: () => [],
      pieces: (_ordinal, length) => [
        { end: 3, pauseBefore: 0 },
        { end: 7, pauseBefore: 30 },
        { end: length, pauseBefore: 30 },
      ],
    };
    const r = await playAsClient(
      spec('  - send: "GET /x HTTP\\r\\n"\n  - sleep: 100ms\n', 'timeout: 2s\ntls: true\n'),
      server.address,
      { plan: split },
    );
    expect(r.failure?.message).toBeUndefined();
    expect(reads).toEqual(['GET', ' /x ', 'HTTP\r\n']);
  });

  it('a connection to the same target starts in TLS too; tls: false on connect keeps it plain', async () => {
    server = await tlsServer((s) => s.end('+OK\r\n'));
    const r = await playAsClient(
      spec(
        '  - connect: second\n  - on: second\n    expect: "+OK\\r\\n"\n  - expect: "+OK\\r\\n"\n',
        'timeout: 2s\ntls: true\n',
      ),
      server.address,
    );
    expect(r.failure?.message).toBeUndefined();
    const plainOne = await playAsClient(
      spec(
        '  - connect: { name: second, tls: false }\n  - on: second\n    expect: "+OK\\r\\n"\n    timeout: 200ms\n',
        'timeout: 2s\ntls: true\n',
      ),
      server.address,
    );
    // In plain text the TLS server waits for a ClientHello that never comes.
    expect(plainOne.failure).toBeInstanceOf(StepTimeoutError);
    expect(plainOne.failure?.message).toMatch(
      /step 2 \(expect on second\): "\+OK\\r\\n" not received after 200ms; unread by then: nothing/,
    );
  });
});

describe('starttls', () => {
  const smtpish = (after: string) =>
    spec(
      `  - expect: "220 ready\\r\\n"\n  - send: "STARTTLS\\r\\n"\n  - expect: "220 go\\r\\n"\n  - starttls\n${after}`,
    );

  it('upgrades a plain connection in place; send and expect work inside TLS as before', async () => {
    server = await starttlsServer('discard');
    const r = await playAsClient(
      smtpish('  - send: "EHLO x\\r\\n"\n  - expect: "echo EHLO x\\r\\n"\n'),
      server.address,
    );
    expect(r.failure?.message).toBeUndefined();
    const text = formatConversation({ events: r.transcript.events });
    expect(text).toMatch(
      /<< {2}11 bytes +"220 ready\\r\\n"[\s\S]*TLS handshake done[\s\S]*>> {2}\(tls\) 8 bytes +"EHLO x\\r\\n"/,
    );
  });

  it('fails when plaintext from the server is still unread at starttls (it came after the go-ahead)', async () => {
    server = await starttlsServer('discard', '250 injected\r\n');
    const r = await playAsClient(
      spec(
        '  - expect: "220 ready\\r\\n"\n  - send: "STARTTLS\\r\\n"\n  - expect: "220 go\\r\\n"\n  - sleep: 50ms\n  - starttls\n',
      ),
      server.address,
    );
    expect(r.failure).toBeInstanceOf(PlaintextBeforeTlsError);
    expect(r.failure!.message).toMatch(
      /^specs\/tls\.yaml:8 step 5 \(starttls\): unread plaintext before the TLS handshake: "250 injected\\r\\n"; the other side sent it after its go-ahead/,
    );
  });

  const injection = (): ReturnType<typeof spec> =>
    spec(
      '  - expect: "220 ready\\r\\n"\n  - send: "STARTTLS\\r\\nNOOP\\r\\n"\n    fuzz: false\n  - expect: "220 go\\r\\n"\n  - starttls\n  - silence: 300ms\n',
    );

  it('the CVE-2011-0411 check passes against a server that discards plaintext pipelined behind STARTTLS', async () => {
    server = await starttlsServer('discard');
    const r = await playAsClient(injection(), server.address);
    expect(r.failure?.message).toBeUndefined();
  });

  it('the CVE-2011-0411 check fails against a server that answers it inside TLS', async () => {
    server = await starttlsServer('execute');
    const r = await playAsClient(injection(), server.address);
    expect(r.failure).toBeInstanceOf(UnexpectedDataError);
    expect(r.failure!.message).toMatch(
      /step 5 \(silence\): expected silence, but "echo NOOP\\r\\n" arrived after \d+ms/,
    );
  });

  it('in the server role takes the bytes already received as the start of the handshake', async () => {
    const peer = await mockServer(
      '',
      '  - expect: "STARTTLS\\r\\n"\n  - starttls\n  - expect: "hello\\r\\n"\n  - send: "hi\\r\\n"\n',
    );
    // A client that does not wait for a go-ahead: its ClientHello travels right behind the command.
    const raw = net.connect(tcpOf(peer.address));
    await new Promise((resolve) => raw.once('connect', resolve));
    raw.write('STARTTLS\r\n');
    const t = tls.connect({ socket: raw, rejectUnauthorized: false, servername: 'localhost' });
    t.on('error', () => undefined);
    await new Promise((resolve) => t.once('secureConnect', resolve));
    const cert = t.getPeerCertificate();
    t.write('hello\r\n');
    const reply = await new Promise<string>((resolve) => t.once('data', (d: Buffer) => resolve(d.toString())));
    const outcome = await peer.conversations;
    peer.close();
    t.destroy();
    expect(reply).toBe('hi\r\n');
    expect(cert.subject.CN).toBe('localhost');
    expect(outcome.conversations[0]!.failure?.message).toBeUndefined();
  });
});

describe('TLS in the server role', () => {
  it('serves TLS with a self-signed localhost certificate made at run time', async () => {
    const peer = await mockServer(
      'tls: { alpn: [h2, http/1.1] }\n',
      '  - send: "+OK\\r\\n"\n  - expect: "bye\\r\\n"\n',
    );
    const t = tlsClientOf(tcpOf(peer.address), { rejectUnauthorized: false, ALPNProtocols: ['http/1.1'] });
    const greeting = await new Promise<string>((resolve) => t.once('data', (d: Buffer) => resolve(d.toString())));
    expect(t.alpnProtocol).toBe('http/1.1');
    expect(t.getPeerCertificate().subjectaltname).toBe(
      'DNS:localhost, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1',
    );
    t.end('bye\r\n');
    const outcome = await peer.conversations;
    peer.close();
    expect(greeting).toBe('+OK\r\n');
    expect(outcome.conversations[0]!.failure?.message).toBeUndefined();
  });

  it('names the reason when the client refuses our certificate', async () => {
    const peer = await mockServer('tls: true\n', '  - send: "+OK\\r\\n"\n');
    const t = tlsClientOf(tcpOf(peer.address), { rejectUnauthorized: true, servername: 'localhost' });
    const outcome = await peer.conversations;
    peer.close();
    t.destroy();
    const failure = outcome.conversations[0]!.failure;
    expect(failure).toBeInstanceOf(TlsHandshakeError);
    expect(failure!.message).toMatch(
      /^specs\/mock\.yaml:6 connection 1 step 1 \(send\): the TLS handshake failed: the other side closed the connection during the handshake \(a client that does not trust our certificate closes like this, without an alert; give it our CA, or cert: and key: it trusts\) \(ECONNRESET\)$/,
    );
  });
});
