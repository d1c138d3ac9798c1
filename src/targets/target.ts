import type { TcpEndpoint } from '../net/endpoint';

/** Where a peer in the client role connects: a TCP endpoint (src/net/endpoint.ts). */
export type TargetAddress = TcpEndpoint;

/** A server that is up and accepting connections; `stop()` releases it (idempotent). */
export interface StartedTarget extends TargetAddress {
  readonly name: string;
  stop(): Promise<void>;
  /**
   * How the server ended, as its process or its container engine tells
   * (`the process exited with status 3`), when it ends within `withinMs`;
   * undefined while it runs. Absent for a server in this very process.
   */
  exited?(withinMs: number): Promise<string | undefined>;
}

/**
 * A named server a spec can ask for with `target: NAME`: an embedded fixture
 * started in-process, or a container. `start()` resolves once the server
 * accepts connections, or rejects with a message saying what was awaited.
 */
export interface TargetProvider {
  readonly name: string;
  readonly kind: 'fixture' | 'container';
  readonly description: string;
  start(): Promise<StartedTarget>;
}

/**
 * A client under test that a `role: server` spec can name with `target:`:
 * tcpspec listens, then starts this client against its own address.
 */
export interface ClientUnderTest {
  readonly name: string;
  readonly kind: 'client';
  readonly description: string;
  /** Runs the client against `address` until it is done; resolves with what it printed. */
  run(address: TargetAddress): Promise<string>;
}
