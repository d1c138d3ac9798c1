/**
 * TLS as a layer over any carrier's connected socket, with Node's `tls`
 * module, in either role: at the start of a connection or in the middle of
 * one (`starttls`); the peer enters it in one place, `PeerConnection.startTls`.
 * A handshake that fails is a `TlsHandshakeError` naming the reason in words.
 */
import * as net from 'node:net';
import * as tls from 'node:tls';
import { TlsHandshakeError } from './tls-errors';
import type { StepRef } from '../errors';
import type { TlsSettings } from '../spec/types';
import type { TlsHandshakeInfo } from '../transcript/transcript';
import type { Endpoint } from './endpoint';
import { localhostCertificate } from './certificate';
import type { Transport } from './transport';

export interface StartTlsOptions {
  readonly role: 'client' | 'server';
  readonly settings: TlsSettings;
  /** Client role: the SNI name when the settings give none (undefined: send none, e.g. for an IP address). */
  readonly servername?: string;
  /** How long the handshake may take. */
  readonly timeoutMs: number;
  /** Server role: bytes already read off the socket that begin the client's handshake. */
  readonly received?: Buffer;
  /** The step to name in a failure. */
  readonly step: () => StepRef;
}

/**
 * The SNI name a client sends by default: the target's host name, none for
 * an IP address (TLS forbids it there) or a Unix socket; `localhost` for
 * targets tcpspec starts itself is the caller's choice.
 */
export function defaultServername(endpoint: Endpoint): string | undefined {
  return 'host' in endpoint && net.isIP(endpoint.host) === 0 ? endpoint.host : undefined;
}

/**
 * Performs the handshake on `carried` (which must be paused, with no `data`
 * listener: every byte it holds belongs to the handshake) and resolves with
 * the TLS transport. Rejects only with TlsHandshakeError.
 */
export async function startTls(carried: net.Socket, options: StartTlsOptions): Promise<Transport> {
  const s = options.settings;
  const verify = s.verify ?? s.ca !== undefined;
  const own = s.cert && s.key ? { cert: s.cert.bytes, key: s.key.bytes } : undefined;
  const identity = options.role === 'server' ? (own ?? (await localhostCertificate())) : own;
  const context = tls.createSecureContext({
    ...(identity ? { cert: identity.cert, key: identity.key } : {}),
    ...(s.ca ? { ca: s.ca.bytes } : {}),
    ...(s.minVersion ? { minVersion: s.minVersion } : {}),
    ...(s.maxVersion ? { maxVersion: s.maxVersion } : {}),
    // OpenSSL 3 refuses TLS 1.0 and 1.1 at its default security level; a spec that asks for them means it.
    ...(s.minVersion === 'TLSv1' || s.minVersion === 'TLSv1.1' ? { ciphers: 'DEFAULT@SECLEVEL=0' } : {}),
  });
  const alpn = s.alpn ? [...s.alpn] : undefined;
  if (options.received && options.received.length > 0) carried.unshift(options.received);
  let socket: tls.TLSSocket;
  if (options.role === 'client') {
    const servername = s.servername ?? options.servername;
    socket = tls.connect({
      socket: carried,
      secureContext: context,
      rejectUnauthorized: verify,
      ...(servername !== undefined ? { servername } : {}),
      ...(alpn ? { ALPNProtocols: alpn } : {}),
      // Our own checks decide; Node's default would refuse an IP address as a name.
      ...(verify ? {} : { checkServerIdentity: () => undefined }),
    });
  } else {
    socket = new tls.TLSSocket(carried, {
      isServer: true,
      secureContext: context,
      requestCert: s.ca !== undefined,
      rejectUnauthorized: s.ca !== undefined && verify,
      ...(alpn ? { ALPNProtocols: alpn } : {}),
    });
  }
  const handshake = await handshakeOf(socket, options);
  return { name: 'tls', encrypted: true, stream: socket, socket: carried, handshake };
}

function handshakeOf(socket: tls.TLSSocket, options: StartTlsOptions): Promise<TlsHandshakeInfo> {
  const client = options.role === 'client';
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (reason: string, code: string): void => {
      if (settled) return;
      settled = true;
      cleanup();
      socket.destroy();
      reject(new TlsHandshakeError(options.step(), reason, code));
    };
    const onSecure = (): void => {
      if (settled) return;
      settled = true;
      cleanup();
      const cipher = socket.getCipher();
      const alpn = socket.alpnProtocol;
      const servername = client ? (socket as { servername?: string }).servername : socket.servername;
      resolve({
        version: socket.getProtocol() ?? cipher.version,
        cipher: cipher.standardName || cipher.name,
        ...(typeof alpn === 'string' ? { alpn } : {}),
        ...(typeof servername === 'string' && servername !== '' ? { servername } : {}),
        ...(client ? { verified: socket.authorized } : {}),
      });
    };
    const onError = (err: NodeJS.ErrnoException): void => {
      const code = err.code ?? '';
      fail(reasonOf(code, err.message, client), code);
    };
    // An alert and the close behind it can arrive together; the alert's error says more, so it gets a moment to come first.
    const onEnd = (): void => {
      setTimeout(
        () =>
          fail(
            `the other side closed the connection during the handshake ${client ? '(it may not speak TLS here, or refused our settings without an alert)' : '(a client that does not trust our certificate closes like this, without an alert; give it our CA, or cert: and key: it trusts)'}`,
            'ECONNRESET',
          ),
        5,
      );
    };
    const timer = setTimeout(
      () => fail(`no handshake completed within ${options.timeoutMs}ms (is the other side speaking TLS?)`, 'ETIMEDOUT'),
      options.timeoutMs,
    );
    const cleanup = (): void => {
      clearTimeout(timer);
      socket.off(client ? 'secureConnect' : 'secure', onSecure);
      socket.off('error', onError);
      socket.off('end', onEnd);
      socket.off('close', onEnd);
    };
    socket.once(client ? 'secureConnect' : 'secure', onSecure);
    socket.once('error', onError);
    socket.once('end', onEnd);
    socket.once('close', onEnd);
  });
}

const UNKNOWN_CA = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
]);

/** The failure in words: who refused what. */
export function reasonOf(code: string, message: string, client: boolean): string {
  const other = client ? 'the server' : 'the client';
  if (UNKNOWN_CA.has(code))
    return `${other}'s certificate is not signed by a CA we know (unknown CA: ${code}); give its CA with ca:, or verify: false`;
  if (code === 'CERT_HAS_EXPIRED') return `${other}'s certificate has expired`;
  if (code === 'CERT_NOT_YET_VALID') return `${other}'s certificate is not valid yet`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `${other}'s certificate is for another name: ${message}`;
  if (
    code === 'ERR_SSL_WRONG_VERSION_NUMBER' ||
    code === 'ERR_SSL_HTTP_REQUEST' ||
    code === 'ERR_SSL_PACKET_LENGTH_TOO_LONG'
  )
    return `${other} did not answer in TLS (its first bytes are no TLS record: is it speaking plain text here?)`;
  if (
    code === 'ERR_SSL_UNSUPPORTED_PROTOCOL' ||
    code === 'ERR_SSL_NO_PROTOCOLS_AVAILABLE' ||
    code === 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' ||
    code === 'ERR_SSL_VERSION_TOO_LOW'
  )
    return `TLS version refused: no version both sides allow (protocol_version${code.includes('ALERT') ? ' alert from the other side' : ''})`;
  const alert = /^ERR_SSL_(?:SSLV3|TLSV1|TLSV13)_ALERT_(\w+)$/.exec(code);
  if (alert) {
    const name = alert[1]!.toLowerCase();
    const meaning: Record<string, string> = {
      unknown_ca: `${other} does not know the CA of our certificate`,
      handshake_failure: 'no cipher suite or setting both sides accept',
      no_application_protocol: 'no ALPN protocol both sides accept',
      bad_certificate: `${other} refused our certificate`,
      certificate_required: `${other} requires a certificate from us (give cert: and key:)`,
      unrecognized_name: `${other} does not serve the name we asked for (SNI)`,
    };
    return `${other} sent the alert ${name}${meaning[name] ? `: ${meaning[name]}` : ''}`;
  }
  if (code === 'ECONNRESET') return `${other} reset the connection during the handshake`;
  if (code === 'ERR_SSL_NO_SHARED_CIPHER') return 'no cipher suite both sides accept';
  return message.split('\n')[0] ?? code;
}
