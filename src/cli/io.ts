/** Where a command writes: stdout for the human report, stderr for problems and progress. */
export interface Io {
  readonly out: NodeJS.WriteStream;
  readonly err: NodeJS.WriteStream;
}
