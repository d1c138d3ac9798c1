/** The version `tcpspec --version` prints and reports record. */
export const VERSION = '0.1.0';
