/** Hand-made TLS and STARTTLS servers for peer tests, on port 0; the caller registers their cleanup. */
import * as net from 'node:net';
import * as tls from 'node:tls';
import { localhostCertificate } from '../../src/net/certificate';

export interface TestServer {
  readonly address: { host: string; port: number };
  close(): Promise<void>;
}

function closer(server: net.Server, sockets: Set<net.Socket>): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
}

/** A TLS server with the self-signed localhost certificate; `onSecure` gets each connection after its handshake. */
export async function tlsServer(
  onSecure: (s: tls.TLSSocket) => void,
  options: tls.TlsOptions = {},
): Promise<TestServer> {
  const { cert, key } = await localhostCertificate();
  const sockets = new Set<net.Socket>();
  const server = tls.createServer({ cert, key, allowHalfOpen: true, ...options }, (s) => {
    s.on('error', () => undefined);
    onSecure(s);
  });
  server.on('connection', (s: net.Socket) => {
    sockets.add(s);
    s.on('error', () => undefined);
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: { host: '127.0.0.1', port: (server.address() as net.AddressInfo).port },
    close: closer(server, sockets),
  };
}

/**
 * A line server that greets with "220 ready", answers "STARTTLS" with
 * "220 go" and upgrades. `pipelined` says what happens to plaintext that came
 * behind the STARTTLS line: 'discard' (correct), or 'execute' (the
 * CVE-2011-0411 bug: it is answered inside TLS as if it had come protected).
 * `extra` is written right after "220 go" in plaintext (a server that talks
 * after its go-ahead). Inside TLS every line is answered with "echo LINE".
 */
export async function starttlsServer(pipelined: 'discard' | 'execute', extra = ''): Promise<TestServer> {
  const { cert, key } = await localhostCertificate();
  const sockets = new Set<net.Socket>();
  const server = net.createServer({ allowHalfOpen: true }, (raw) => {
    sockets.add(raw);
    raw.on('error', () => undefined);
    raw.write('220 ready\r\n');
    let buffered = Buffer.alloc(0);
    const onData = (d: Buffer): void => {
      buffered = Buffer.concat([buffered, d]);
      const nl = buffered.indexOf('\n');
      if (nl < 0) return;
      const line = buffered.subarray(0, nl + 1).toString();
      if (line !== 'STARTTLS\r\n') {
        raw.write('500 what?\r\n');
        buffered = buffered.subarray(nl + 1);
        return;
      }
      raw.off('data', onData);
      raw.pause();
      const behind = buffered.subarray(nl + 1);
      raw.write(`220 go\r\n${extra}`, () => {
        const t = new tls.TLSSocket(raw, { isServer: true, cert, key });
        t.on('error', () => undefined);
        const answer = (text: string): void => {
          for (const l of text.split('\r\n').filter((x) => x !== '')) t.write(`echo ${l}\r\n`);
        };
        t.on('secure', () => {
          if (pipelined === 'execute' && behind.length > 0) answer(behind.toString());
        });
        t.on('data', (x: Buffer) => answer(x.toString()));
        t.on('end', () => t.end());
      });
    };
    raw.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    address: { host: '127.0.0.1', port: (server.address() as net.AddressInfo).port },
    close: closer(server, sockets),
  };
}
