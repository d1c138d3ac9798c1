import { describeServerSpecs } from './spec-suite';

describeServerSpecs('nats', {
  noFuzz: {
    // After a protocol error nats-server closes at once; client bytes still in
    // flight then make the kernel answer with RST instead of FIN, and the
    // error line may be lost. The plain run checks these exactly.
    'unknown-operation.yaml': 'server resets after a protocol error when bytes are in flight',
    'max-payload.yaml': 'server resets after a protocol error when bytes are in flight',
    // The TLS server takes the first plaintext bytes for a broken handshake and closes at once:
    // the rest of a split CONNECT then meets a closed socket (EPIPE), which is the finding, not a bug.
    'tls-plaintext-refused.yaml': 'server closes on the first piece that is not a handshake',
    // The first server PING comes ~2s after CONNECT; fuzzing only slows the exchange.
    'server-ping.yaml': 'timed by the server, not by chunking',
  },
});
