/**
 * Every carrier, by the kind of endpoint it reaches, in one table the
 * compiler checks: a new kind in `EndpointKind` is an error here until its
 * carrier is registered. `dial` and `listen` are the default `Dialer` and
 * `Listen` of the peer, the recorder and the lying-length checks.
 */
import type * as net from 'node:net';
import type { Carrier, Dialer, Listen, Listener } from './carrier';
import { endpointKind } from './endpoint';
import type { Endpoint, EndpointKind, EndpointOf } from './endpoint';
import { tcpCarrier } from './tcp';
import { unixCarrier } from './unix';

const CARRIERS: { readonly [K in EndpointKind]: Carrier<EndpointOf<K>> } = {
  tcp: tcpCarrier,
  unix: unixCarrier,
};

/** The carrier that reaches `endpoint`. */
export function carrierOf(endpoint: Endpoint): Carrier<Endpoint> {
  // The table pairs each kind with its own endpoint type, and `endpointKind` picked the pair.
  return CARRIERS[endpointKind(endpoint)];
}

export const dial: Dialer = (endpoint, timeoutMs) => carrierOf(endpoint).dial(endpoint, timeoutMs);

export const listen: Listen = <E extends Endpoint>(endpoint: E) =>
  // The carrier of E's kind listens on an E, and says so in its own type.
  carrierOf(endpoint).listen(endpoint) as Promise<Listener<E>>;

/** Our end of a dialed connection, in words. */
export function localName(endpoint: Endpoint, socket: net.Socket): string {
  return carrierOf(endpoint).localName(socket);
}

/** The other end of an accepted connection, in words. */
export function remoteName(endpoint: Endpoint, socket: net.Socket): string {
  return carrierOf(endpoint).remoteName(socket);
}
