/** A reporter that collects every result and writes one file at the end (JUnit, JSON, HTML). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Reporter, RunEnd, RunInfo, SpecReport } from './reporter';

/** Writes `text` to `file`, creating its folder; a message saying why not, or undefined when written. */
export function writeReportFile(file: string, title: string, text: string): string | undefined {
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, text);
    return undefined;
  } catch (err) {
    return `cannot write the ${title} report to ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
  }
}

/** `render` turns the whole run into the file's text; `title` names the format in a write error. */
export function fileReporter(
  file: string | undefined,
  title: string,
  render: (run: RunInfo, specs: readonly SpecReport[], end: RunEnd) => string,
): Reporter {
  if (file === undefined) throw new Error(`the ${title} reporter needs --output FILE`);
  let run: RunInfo | undefined;
  const specs: SpecReport[] = [];
  return {
    onStart(info) {
      run = info;
    },
    onResult(r) {
      specs.push(r);
    },
    onEnd(end) {
      if (!run) throw new Error('onEnd before onStart');
      const problem = writeReportFile(file, title, render(run, specs, end));
      return problem ? [problem] : [];
    },
  };
}
