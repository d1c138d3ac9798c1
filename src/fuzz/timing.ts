/**
 * The pause two writes need between them to reach the other side as two
 * reads on loopback with TCP_NODELAY. Measured here (2 cores, Linux loopback,
 * 200 trials per pause; method and table in fixtures/README.md): 1-2 ms is
 * enough for a server in the same Node process, but a Python server on busy
 * cores still merged about 15 % of pieces at 2-10 ms and none at 20 ms.
 * Below this, a "split" may silently reach the server as one read.
 */
export const SEPARATE_READ_GAP_MS = 20;
