/** Runs the CLI in-process with captured stdout and stderr. */
import { main } from '../../src/cli/main';
import { within } from '../support/within';

export interface CliRun {
  readonly status: number;
  readonly out: string;
  readonly err: string;
}

interface Capture {
  readonly stream: NodeJS.WriteStream;
  readonly text: () => string;
  /** Called after every write. */
  readonly onWrite: Set<() => void>;
}

function capture(isTTY: boolean): Capture {
  let text = '';
  const onWrite = new Set<() => void>();
  const stream = {
    isTTY,
    write: (s: string | Uint8Array) => {
      text += s.toString();
      for (const listener of onWrite) listener();
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  return { stream, text: () => text, onWrite };
}

export interface StartedCli {
  readonly done: Promise<CliRun>;
  /** Stdout so far. */
  readonly out: () => string;
  /** Stderr so far. */
  readonly err: () => string;
  /**
   * Resolves with the match as soon as a write makes stdout (or stderr, with
   * `on: 'err'`) match `pattern`; rejects if the command ends first, or after `ms`.
   */
  readonly printed: (pattern: RegExp, options?: { on?: 'out' | 'err'; ms?: number }) => Promise<RegExpExecArray>;
}

/** `tcpspec ...argv`, with stdout a terminal when `tty` is set. */
export function cli(argv: readonly string[], tty = false): Promise<CliRun> {
  return startCli(argv, tty).done;
}

/** Starts `tcpspec ...argv`, for commands that announce something while they run. */
export function startCli(argv: readonly string[], tty = false): StartedCli {
  const out = capture(tty);
  const err = capture(false);
  const done = main(argv, { out: out.stream, err: err.stream }).then((status) => ({
    status,
    out: out.text(),
    err: err.text(),
  }));
  const printed = (pattern: RegExp, { on = 'out', ms = 30_000 }: { on?: 'out' | 'err'; ms?: number } = {}) => {
    const stream = on === 'out' ? out : err;
    let listener = (): void => undefined;
    const matched = new Promise<RegExpExecArray>((resolve, reject) => {
      listener = () => {
        const m = pattern.exec(stream.text());
        if (m) resolve(m);
      };
      listener();
      stream.onWrite.add(listener);
      void done.then((r) =>
        reject(new Error(`tcpspec ended (status ${r.status}) without printing ${pattern}:\n${r.out}${r.err}`)),
      );
    });
    return within(ms, `tcpspec printing ${pattern} on std${on}`, matched).finally(() =>
      stream.onWrite.delete(listener),
    );
  };
  return { done, out: out.text, err: err.text, printed };
}

/** The last non-empty line of the output. */
export function lastLine(text: string): string {
  return text.trimEnd().split('\n').pop() ?? '';
}
