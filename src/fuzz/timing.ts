/**
 * The pause two writes need between them to reach the other side as two
 * reads on loopback with TCP_NODELAY. Measured on this project's machines
 * (2 cores, Linux loopback; see fixtures/README.md for the method and
 * numbers): below it, the kernel may hand both pieces to one recv().
 */
export const SEPARATE_READ_GAP_MS = 2;
