/** What every command is registered with: where it writes and how it sets the exit status. */
import type { Io } from './io';

export interface CliContext {
  readonly io: Io;
  /** Writes one line to stdout. */
  print(line: string): void;
  /** The exit status the command ends with. */
  setStatus(status: number): void;
}
