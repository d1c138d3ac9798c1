import { withProbeSocket, type Decode } from './probe-socket';
import { READY, notReady, type ReadinessProbe } from './readiness';

/** One DNS message over TCP: a 2-byte length, then the message (RFC 1035 §4.2.2). */
const tcpMessage: Decode<Buffer> = (b) => {
  if (b.length < 2) return undefined;
  const length = b.readUInt16BE(0);
  if (b.length < 2 + length) return undefined;
  return { value: b.subarray(2, 2 + length), size: 2 + length };
};

/** A query for `name` of `type` (class IN), recursion not desired, framed for TCP. */
export function dnsQuery(id: number, name: string, type: number): Buffer {
  const labels = name
    .split('.')
    .filter(Boolean)
    .map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, 'ascii')]));
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(1, 4); // QDCOUNT
  const question = Buffer.concat([...labels, Buffer.from([0, type >> 8, type & 0xff, 0, 1])]);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(header.length + question.length);
  return Buffer.concat([length, header, question]);
}

const SOA = 6;
const RCODES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED'];

/**
 * Ready when the SOA query for `zone` over TCP is answered with the same id,
 * NOERROR and an answer: the zone is loaded (a server still loading it
 * answers SERVFAIL, or REFUSED).
 */
export function dnsReady(zone: string): ReadinessProbe {
  return (host, port, timeoutMs) =>
    withProbeSocket(host, port, timeoutMs, async (socket) => {
      const id = 0x7c5e;
      socket.write(dnsQuery(id, zone, SOA));
      const reply = await socket.read(tcpMessage);
      if (reply.length < 12) return notReady('answer', `a DNS message of ${reply.length} bytes`, reply);
      const flags = reply.readUInt16BE(2);
      const rcode = flags & 0x0f;
      if (reply.readUInt16BE(0) !== id || !(flags & 0x8000)) {
        return notReady('answer', 'not a response to our query (id or QR bit)', reply);
      }
      if (rcode !== 0) return notReady('answer', `RCODE ${RCODES[rcode] ?? rcode} for ${zone} SOA`, reply);
      if (reply.readUInt16BE(6) === 0) return notReady('answer', `no answer for ${zone} SOA`, reply);
      return READY;
    });
}
