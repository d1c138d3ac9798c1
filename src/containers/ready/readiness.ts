/**
 * Whether a server in a container is ready: it answered its own protocol
 * (a PostgreSQL startup, a DNS query, an LDAP bind), not merely accepted a
 * TCP connection. A probe never throws; what it saw travels in the value.
 */
export type Readiness =
  | { readonly ready: true }
  | {
      readonly ready: false;
      /** refused: no connection; closed: the server hung up; silent: no answer in time; answer: it answered "not yet" or wrongly. */
      readonly kind: 'refused' | 'closed' | 'silent' | 'answer';
      readonly reason: string;
      /** What the server sent, when it sent something. */
      readonly received?: Buffer;
    };

/** Asks the server at host:port once, within `timeoutMs`, whether it is ready. */
export type ReadinessProbe = (host: string, port: number, timeoutMs: number) => Promise<Readiness>;

export const READY: Readiness = { ready: true };

export function notReady(
  kind: 'refused' | 'closed' | 'silent' | 'answer',
  reason: string,
  received?: Buffer,
): Readiness {
  return received === undefined ? { ready: false, kind, reason } : { ready: false, kind, reason, received };
}

/** One line for an error message: the reason, and the bytes received in hex (at most 64). */
export function describeReadiness(r: Readiness): string {
  if (r.ready) return 'ready';
  if (!r.received?.length) return `${r.kind}: ${r.reason}`;
  const shown = r.received
    .subarray(0, 64)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1 ');
  const more = r.received.length > 64 ? ` ... (${r.received.length} bytes)` : '';
  return `${r.kind}: ${r.reason}; received ${shown}${more}`;
}
