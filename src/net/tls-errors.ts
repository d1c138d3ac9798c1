/** What can go wrong where TLS starts: the handshake fails, or plaintext was left before it. */
import { ErrorCode, StepError } from '../errors';
import type { StepRef } from '../errors';
import { plaintextBeforeTlsDetail, tlsHandshakeDetail } from '../report/messages/step-messages';
import { stepMessage } from '../report/messages/where';

/**
 * A TLS handshake failed (at the start of a connection or at `starttls`):
 * `reason` says why in words (the alert, an unknown CA, a version refused),
 * `tlsCode` is the TLS library's own code.
 */
export class TlsHandshakeError extends StepError {
  readonly code = ErrorCode.TlsHandshake;
  constructor(
    step: StepRef,
    readonly reason: string,
    /** OpenSSL's or Node's code, e.g. ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION, UNABLE_TO_VERIFY_LEAF_SIGNATURE. */
    readonly tlsCode: string,
  ) {
    const detail = tlsHandshakeDetail(reason, tlsCode);
    super(step, detail, stepMessage(step, detail));
  }
}

/**
 * At `starttls` in the client role, plaintext from the other side was still
 * unread: bytes sent after the go-ahead would be taken as if TLS protected them.
 */
export class PlaintextBeforeTlsError extends StepError {
  readonly code = ErrorCode.PlaintextBeforeTls;
  constructor(
    step: StepRef,
    readonly received: Uint8Array,
    readonly streamOffset: number,
  ) {
    const detail = plaintextBeforeTlsDetail(received, streamOffset);
    super(step, detail, stepMessage(step, detail));
  }
}
