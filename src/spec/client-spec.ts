/** `client:` of a `role: server` spec as loaded: the command under test and what it must do. */
import type { SourceLocation } from '../errors';
import type { Matcher, Template } from './types';

/** Variables a client's command and stdout may name besides the spec's `vars:`: where the mock server listens. */
export const CLIENT_VARIABLES = ['host', 'port'] as const;

export interface ClientSpec {
  /** Where `client:` is written. */
  readonly loc: SourceLocation;
  /** The program and its arguments, each with `${host}`, `${port}` and `${var}` filled in at start; absent: given by `--client`. */
  readonly command?: readonly Template[];
  /** Expected exit status (default 0). */
  readonly exit: number;
  /** What everything it printed must satisfy: exact text (one trailing newline ignored) or a regex matching one whole line. */
  readonly stdout?: Matcher & { readonly kind: 'text' | 'regex' };
  /** How long it may run, in milliseconds: its `timeout:`, else the sum of the step timeouts. */
  readonly timeout: number;
}
