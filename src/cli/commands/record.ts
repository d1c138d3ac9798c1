/** `tcpspec record`: proxies one real client to a real server and writes the conversation as a spec. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from '../../usage-error';
import { targetWord } from '../../fuzz/replay';
import { formatEndpoint } from '../../net/endpoint';
import { startRecordingProxy } from '../../record/proxy';
import { recordingToSpec } from '../../record/to-spec';
import { parseDuration } from '../../spec/duration';
import { loadSpecText } from '../../load/load';
import { parseAddress, parseTarget } from '../args';
import type { Command } from 'commander';
import type { CliContext } from '../context';

export interface RecordFlags {
  readonly listen: string;
  readonly forward: string;
  readonly out: string;
  readonly name?: string;
  readonly timeout?: string;
}

/** Records, writes the spec, and resolves with the exit status; `print` gets each line for stdout. */
export async function recordCommand(
  flags: RecordFlags,
  print: (line: string) => void,
  signal?: AbortSignal,
): Promise<number> {
  const listen = parseAddress(flags.listen, '--listen');
  const forward = parseTarget(flags.forward, '--forward');
  const timeoutMs =
    flags.timeout !== undefined
      ? parseDuration(/^\d+$/.test(flags.timeout) ? Number(flags.timeout) : flags.timeout)
      : undefined;
  if (flags.timeout !== undefined && (timeoutMs === undefined || timeoutMs <= 0)) {
    throw new UsageError(`--timeout expects a duration such as 30s, 2m or 500ms, found "${flags.timeout}"`);
  }
  if (flags.name !== undefined && flags.name.trim() === '') throw new UsageError('--name expects a non-empty name');
  const proxy = await startRecordingProxy({
    listen,
    forward,
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(signal ? { signal } : {}),
  });
  print(
    `recording: listening on ${formatEndpoint(proxy.address)}, forwarding to ${formatEndpoint(forward)}; connect your client (Ctrl-C stops)`,
  );
  const recording = await proxy.recording;
  if (!recording.client) {
    const why = recording.stoppedBy === 'timeout' ? `within ${flags.timeout}` : 'before recording was stopped';
    throw new UsageError(`no client connected to ${formatEndpoint(proxy.address)} ${why}; nothing was recorded`);
  }
  const text = recordingToSpec(recording, {
    out: flags.out,
    recordedAt: new Date(),
    ...(flags.name !== undefined ? { name: flags.name } : {}),
  });
  // The text is ours; loading it proves the file is a valid spec before the user relies on it.
  const spec = loadSpecText(flags.out, text);
  fs.mkdirSync(path.dirname(path.resolve(flags.out)), { recursive: true });
  fs.writeFileSync(flags.out, text);
  const count = (kind: string): number => spec.steps.filter((s) => s.kind === kind).length;
  print(
    `wrote ${flags.out}: ${spec.steps.length} steps (${count('send')} send, ${count('expect')} expect)${recording.stoppedBy === 'closed' ? '' : `; stopped by ${recording.stoppedBy === 'timeout' ? 'the time limit' : 'Ctrl-C'} before the connection closed`}`,
  );
  print(`replay it with: npx tcpspec run ${flags.out} --target ${targetWord(forward)}`);
  return 0;
}

export function registerRecord(program: Command, cli: CliContext): void {
  program
    .command('record')
    .description('proxy one real client to a real server and write their conversation as a spec to edit')
    .requiredOption('--listen <[host:]port|unix:path>', 'where the client under observation connects')
    .requiredOption('--forward <host:port>', 'the real server the bytes are passed to (or unix:PATH)')
    .requiredOption('--out <file>', 'the spec file to write')
    .option('--name <name>', 'the spec\'s name (default: "Recorded conversation with HOST:PORT")')
    .option('--timeout <duration>', 'stop after this long even if the connection is still open (e.g. 30s)')
    .action(async (opts: RecordFlags) => {
      // Ctrl-C ends the recording, and the spec is written from what was seen so far.
      const interrupt = new AbortController();
      const stop = (): void => interrupt.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        cli.setStatus(await recordCommand(opts, (line) => cli.print(line), interrupt.signal));
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
      }
    });
}
