/**
 * Two clients of a line protocol, as a library author would write them: one
 * reads its reply up to the newline whatever the reads, the other takes the
 * first `data` event for the whole reply. Both say HELLO, read one line and
 * end the connection.
 */
import * as net from 'node:net';

export interface Address {
  readonly host: string;
  readonly port: number;
}

function connected(address: Address): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(address.port, address.host);
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Reads until a newline, across as many reads as it takes. */
export async function greetCorrectly(address: Address): Promise<string> {
  const socket = await connected(address);
  try {
    socket.write('HELLO\n');
    let line = '';
    for await (const chunk of socket as AsyncIterable<Buffer>) {
      line += chunk.toString('utf8');
      if (line.includes('\n')) break;
    }
    return line;
  } finally {
    socket.end();
  }
}

/** Takes one `data` event for the whole reply, and says so when the reply is cut. */
export async function greetWithOneRead(address: Address): Promise<string> {
  const socket = await connected(address);
  try {
    socket.write('HELLO\n');
    const reply = await new Promise<string>((resolve, reject) => {
      socket.once('data', (chunk) => resolve(chunk.toString('utf8')));
      socket.once('error', reject);
    });
    if (!reply.endsWith('\n')) throw new Error(`the reply ended without a newline: ${JSON.stringify(reply)}`);
    return reply;
  } finally {
    socket.end();
  }
}

/** A spec for both: the mock greets with one line once the client said HELLO, then waits for its FIN. */
export const GREETING_SPEC = [
  'name: a mock server greets a client that says HELLO',
  'role: server',
  'timeout: 2s',
  'steps:',
  '  - expect: "HELLO\\n"',
  '  - send: "WELCOME to the mock\\n"',
  '  - expect: eof',
  '',
].join('\n');
