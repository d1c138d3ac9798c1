import { withProbeSocket, type Decode } from './probe-socket';
import { READY, notReady, type ReadinessProbe } from './readiness';

interface Packet {
  readonly sequence: number;
  readonly payload: Buffer;
}

/** One MySQL/MariaDB packet: a 3-byte little-endian length, a sequence number, the payload. */
const packet: Decode<Packet> = (b) => {
  if (b.length < 4) return undefined;
  const length = b.readUIntLE(0, 3);
  if (b.length < 4 + length) return undefined;
  return { value: { sequence: b[3]!, payload: b.subarray(4, 4 + length) }, size: 4 + length };
};

const CLIENT_LONG_PASSWORD = 0x1;
const CLIENT_PROTOCOL_41 = 0x200;
const CLIENT_SECURE_CONNECTION = 0x8000;
const CLIENT_PLUGIN_AUTH = 0x80000;

/** A HandshakeResponse41 for `user` with an empty auth response (a user without a password). */
export function handshakeResponse(user: string, sequence: number): Buffer {
  const fixed = Buffer.alloc(32);
  fixed.writeUInt32LE(CLIENT_LONG_PASSWORD | CLIENT_PROTOCOL_41 | CLIENT_SECURE_CONNECTION | CLIENT_PLUGIN_AUTH, 0);
  fixed.writeUInt32LE(1 << 24, 4); // max packet size
  fixed[8] = 33; // utf8_general_ci
  const payload = Buffer.concat([
    fixed,
    Buffer.from(`${user}\0`),
    Buffer.from([0]),
    Buffer.from('mysql_native_password\0'),
  ]);
  const header = Buffer.alloc(4);
  header.writeUIntLE(payload.length, 0, 3);
  header[3] = sequence;
  return Buffer.concat([header, payload]);
}

/** An ERR packet's code and message. */
function errPacket(payload: Buffer): string {
  const code = payload.length >= 3 ? payload.readUInt16LE(1) : 0;
  const text = payload
    .subarray(3)
    .toString('utf8')
    .replace(/^#\w{5}/, '');
  return `ERR ${code} ${text}`;
}

/**
 * Ready when the server greets with protocol version 10 and logs `user` (a
 * user with an empty mysql_native_password) in with an OK packet.
 */
export function mariadbReady(user: string): ReadinessProbe {
  return (host, port, timeoutMs) =>
    withProbeSocket(host, port, timeoutMs, async (socket) => {
      const greeting = await socket.read(packet);
      if (greeting.payload[0] === 0xff) return notReady('answer', `greeting: ${errPacket(greeting.payload)}`);
      if (greeting.payload[0] !== 10) return notReady('answer', 'not a protocol 10 greeting', greeting.payload);
      socket.write(handshakeResponse(user, greeting.sequence + 1));
      const reply = await socket.read(packet);
      if (reply.payload[0] === 0x00) {
        socket.write(Buffer.from([1, 0, 0, 0, 0x01])); // COM_QUIT
        return READY;
      }
      if (reply.payload[0] === 0xff) return notReady('answer', `login as ${user}: ${errPacket(reply.payload)}`);
      return notReady('answer', `login as ${user}: expected an OK packet`, reply.payload);
    });
}
