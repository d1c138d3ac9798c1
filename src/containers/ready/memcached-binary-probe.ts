import { withProbeSocket, type Decode } from './probe-socket';
import { READY, notReady, type ReadinessProbe } from './readiness';

const HEADER = 24;
const NOOP = 0x0a;

/** One binary-protocol response: a 24-byte header, then `total body length` bytes. */
const response: Decode<Buffer> = (b) => {
  if (b.length < HEADER) return undefined;
  if (b[0] !== 0x81) throw new Error(`not a binary-protocol response: magic 0x${b[0]!.toString(16)}`);
  const size = HEADER + b.readUInt32BE(8);
  return b.length < size ? undefined : { value: b.subarray(0, size), size };
};

/** Ready when a binary-protocol NOOP is answered with status 0 (so the binary protocol is on, too). */
export const memcachedBinaryReady: ReadinessProbe = (host, port, timeoutMs) =>
  withProbeSocket(host, port, timeoutMs, async (socket) => {
    const noop = Buffer.alloc(HEADER);
    noop[0] = 0x80;
    noop[1] = NOOP;
    noop.writeUInt32BE(0x7c5e, 12); // opaque, echoed
    socket.write(noop);
    const reply = await socket.read(response);
    if (reply[1] !== NOOP || reply.readUInt16BE(6) !== 0 || reply.readUInt32BE(12) !== 0x7c5e) {
      return notReady('answer', 'expected a NOOP response with status 0 and our opaque', reply);
    }
    return READY;
  });
