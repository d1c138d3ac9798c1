/** Runs the CLI in-process with captured stdout and stderr. */
import { main } from '../../src/cli/main';

export interface CliRun {
  readonly status: number;
  readonly out: string;
  readonly err: string;
}

function capture(isTTY: boolean): { stream: NodeJS.WriteStream; text: () => string } {
  let text = '';
  const stream = {
    isTTY,
    write: (s: string | Uint8Array) => ((text += s.toString()), true),
  } as unknown as NodeJS.WriteStream;
  return { stream, text: () => text };
}

/** `tcpspec ...argv`, with stdout a terminal when `tty` is set. */
export function cli(argv: readonly string[], tty = false): Promise<CliRun> {
  return startCli(argv, tty).done;
}

/** Starts `tcpspec ...argv`; `out()` and `err()` read stdout and stderr so far, for commands that announce something while they run. */
export function startCli(
  argv: readonly string[],
  tty = false,
): { done: Promise<CliRun>; out: () => string; err: () => string } {
  const out = capture(tty);
  const err = capture(false);
  const done = main(argv, { out: out.stream, err: err.stream }).then((status) => ({
    status,
    out: out.text(),
    err: err.text(),
  }));
  return { done, out: out.text, err: err.text };
}

/** The last non-empty line of the output. */
export function lastLine(text: string): string {
  return text.trimEnd().split('\n').pop() ?? '';
}
