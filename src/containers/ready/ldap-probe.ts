import { withProbeSocket, type Decode } from './probe-socket';
import { READY, notReady, type ReadinessProbe } from './readiness';

interface Element {
  readonly tag: number;
  readonly content: Buffer;
}

/** One BER element (tag, definite length, content); LDAP uses only the definite form. */
const element: Decode<Element> = (b) => {
  if (b.length < 2) return undefined;
  let length = b[1]!;
  let offset = 2;
  if (length & 0x80) {
    const n = length & 0x7f;
    if (n === 0 || n > 4) throw new Error(`not an LDAP message: BER length of ${n} bytes`);
    if (b.length < 2 + n) return undefined;
    length = b.readUIntBE(2, n);
    offset = 2 + n;
  }
  if (b.length < offset + length) return undefined;
  return { value: { tag: b[0]!, content: b.subarray(offset, offset + length) }, size: offset + length };
};

/** The elements of a constructed element's content, in order. */
function children(content: Buffer): Element[] {
  const out: Element[] = [];
  for (let rest = content; rest.length > 0;) {
    const next = element(rest);
    if (!next) throw new Error('a BER element runs past its parent');
    out.push(next.value);
    rest = rest.subarray(next.size);
  }
  return out;
}

function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  const length = n < 0x80 ? Buffer.from([n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, content]);
}

/** An LDAPv3 simple BindRequest (message id 1) for `dn` with `password`. */
export function bindRequest(dn: string, password: string): Buffer {
  const bind = tlv(
    0x60,
    Buffer.concat([tlv(0x02, Buffer.from([3])), tlv(0x04, Buffer.from(dn)), tlv(0x80, Buffer.from(password))]),
  );
  return tlv(0x30, Buffer.concat([tlv(0x02, Buffer.from([1])), bind]));
}

const UNBIND = Buffer.from('30050201024200', 'hex');

/**
 * Ready when a simple bind as `dn` (an entry of the loaded directory) is
 * answered with BindResponse resultCode 0 (success): slapd is up and the
 * directory is there (a missing entry gives 49, invalidCredentials).
 */
export function ldapReady(dn: string, password: string): ReadinessProbe {
  return (host, port, timeoutMs) =>
    withProbeSocket(host, port, timeoutMs, async (socket) => {
      socket.write(bindRequest(dn, password));
      const reply = await socket.read(element);
      const [, op] = reply.tag === 0x30 ? children(reply.content) : [];
      if (op?.tag !== 0x61) return notReady('answer', 'expected an LDAPMessage with a BindResponse', reply.content);
      const [result, , diagnostic] = children(op.content);
      if (result?.tag !== 0x0a || result.content.length !== 1) {
        return notReady('answer', 'a BindResponse without a resultCode', op.content);
      }
      if (result.content[0] !== 0) {
        return notReady(
          'answer',
          `bind as ${dn}: resultCode ${result.content[0]} ${diagnostic?.content.toString() ?? ''}`,
        );
      }
      socket.write(UNBIND);
      return READY;
    });
}
