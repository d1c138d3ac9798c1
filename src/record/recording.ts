/** What `tcpspec record` observed between a real client and a real server, in the order the proxy saw it. */

export type Side = 'client' | 'server';

export type RecordedEvent =
  | { readonly from: Side; readonly type: 'data'; readonly bytes: Buffer }
  /** The side closed its sending direction (FIN). */
  | { readonly from: Side; readonly type: 'end' }
  /** The side reset the connection (or failed with a socket error). */
  | { readonly from: Side; readonly type: 'reset'; readonly reason: string };

export interface Recording {
  /** `HOST:PORT` of the client, once one connected. */
  readonly client?: string;
  /** `HOST:PORT` the proxy forwarded to. */
  readonly server: string;
  readonly events: readonly RecordedEvent[];
  /** Why recording stopped: the connection closed on both sides, a time limit, or an interruption (Ctrl-C). */
  readonly stoppedBy: 'closed' | 'timeout' | 'interrupted';
}
