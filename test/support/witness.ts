/**
 * A loopback server that a process under test connects to and reports to:
 * what it says is an event the test waits on (it started, its pid), and its
 * connection closing is the event that it ended (the kernel closes a
 * process's sockets when it dies, whoever killed it).
 */
import * as net from 'node:net';
import { within } from './within';

export interface Witness {
  readonly port: number;
  /** The first line the process wrote (without its \n). */
  said(ms: number, what: string): Promise<string>;
  /** Resolves when the process's connection closed. */
  hungUp(ms: number, what: string): Promise<void>;
  close(): Promise<void>;
}

/** Takes one connection, from the process it witnesses. */
export async function witness(): Promise<Witness> {
  const server = net.createServer();
  let accepted: net.Socket | undefined;
  const line = new Promise<string>((resolveLine) => {
    server.once('connection', (s) => {
      accepted = s;
      let text = '';
      s.on('error', () => undefined);
      s.on('data', (d: Buffer) => {
        text += d.toString();
        if (text.includes('\n')) resolveLine(text.slice(0, text.indexOf('\n')));
      });
    });
  });
  const closed = new Promise<void>((resolveClosed) => {
    server.once('connection', (s) => s.once('close', () => resolveClosed()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    said: (ms, what) => within(ms, what, line),
    hungUp: (ms, what) => within(ms, what, closed),
    close: () =>
      new Promise<void>((resolve) => {
        accepted?.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Python that connects to the witness on `port` and writes its pid: `w` stays open while the process lives. */
export const pythonReportsTo = (port: number): string =>
  `import os as _os, socket as _socket\nw = _socket.create_connection(("127.0.0.1", ${port}))\nw.sendall(b"%d\\n" % _os.getpid())\n`;
