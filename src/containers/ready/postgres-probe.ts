import { withProbeSocket, type Decode } from './probe-socket';
import { READY, notReady, type ReadinessProbe } from './readiness';

interface Message {
  readonly type: string;
  readonly body: Buffer;
}

/** One backend message: a type byte, a length that counts itself, the body. */
const message: Decode<Message> = (b) => {
  if (b.length < 5) return undefined;
  const length = b.readUInt32BE(1);
  if (length < 4 || length > 1 << 20) throw new Error(`not a PostgreSQL message: length ${length}`);
  if (b.length < 1 + length) return undefined;
  return { value: { type: String.fromCharCode(b[0]!), body: b.subarray(5, 1 + length) }, size: 1 + length };
};

/** A StartupMessage (protocol 3.0) with the given parameters. */
export function startupMessage(params: Readonly<Record<string, string>>): Buffer {
  const pairs = Object.entries(params).flatMap(([k, v]) => [Buffer.from(`${k}\0${v}\0`)]);
  const body = Buffer.concat([Buffer.from([0, 3, 0, 0]), ...pairs, Buffer.from([0])]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length + 4);
  return Buffer.concat([length, body]);
}

/** The fields of an ErrorResponse (S, C, M, ...) as `C=57P03 M=the database system is starting up`. */
function errorFields(body: Buffer): string {
  return body
    .toString('utf8')
    .split('\0')
    .filter((f) => 'SCM'.includes(f[0] ?? '-'))
    .map((f) => `${f[0]}=${f.slice(1)}`)
    .join(' ');
}

/**
 * Ready when a startup as `user` (a trust role) is answered with
 * AuthenticationOk; a server still starting answers ErrorResponse 57P03.
 */
export function postgresReady(user: string, database: string): ReadinessProbe {
  return (host, port, timeoutMs) =>
    withProbeSocket(host, port, timeoutMs, async (socket) => {
      socket.write(startupMessage({ user, database }));
      const reply = await socket.read(message);
      if (reply.type === 'R' && reply.body.length === 4 && reply.body.readUInt32BE(0) === 0) {
        socket.write(Buffer.from('X\0\0\0\x04', 'latin1')); // Terminate
        return READY;
      }
      if (reply.type === 'E') return notReady('answer', `ErrorResponse ${errorFields(reply.body)}`);
      return notReady(
        'answer',
        `expected AuthenticationOk, received message ${JSON.stringify(reply.type)}`,
        reply.body,
      );
    });
}
