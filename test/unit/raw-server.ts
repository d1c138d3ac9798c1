/** Hand-made servers for peer tests: a raw `net` server on port 0 whose cleanup the caller registers. */
import * as net from 'node:net';

export interface RawServer {
  readonly port: number;
  readonly address: { host: string; port: number };
  /** Sockets accepted so far. */
  readonly sockets: net.Socket[];
  close(): Promise<void>;
}

/** `allowHalfOpen`: the client's FIN does not end our side (Node's default ends it). */
export async function rawServer(
  onConnection: (socket: net.Socket) => void,
  options: { allowHalfOpen?: boolean } = {},
): Promise<RawServer> {
  const sockets: net.Socket[] = [];
  const server = net.createServer({ allowHalfOpen: options.allowHalfOpen ?? false }, (s) => {
    sockets.push(s);
    s.on('error', () => undefined);
    onConnection(s);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    address: { host: '127.0.0.1', port },
    sockets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
