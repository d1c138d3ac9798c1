/**
 * `--reporter NAME` (repeatable) and `--output FILE` (one per file reporter,
 * paired in order): `--reporter junit --output report.xml --reporter html
 * --output report.html`. The human report always goes to stdout, so
 * `--reporter human` is accepted and changes nothing. The names are the
 * report registry's.
 */
import { UsageError } from '../usage-error';
import { REPORTERS } from '../report/registry';

/** A report written to a file: the reporter's name and its --output. */
export interface ReportOutput {
  readonly kind: string;
  readonly file: string;
}

/** Commander's way to collect a repeatable option. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Pairs each file reporter with its --output, in the order given. */
export function parseReporterOptions(reporters: readonly string[], outputs: readonly string[]): ReportOutput[] {
  const names = REPORTERS.map((m) => m.name);
  for (const r of reporters) {
    if (!names.includes(r)) throw new UsageError(`--reporter expects one of ${names.join(', ')}, found "${r}"`);
  }
  const fileReporters = reporters.filter((r) => REPORTERS.find((m) => m.name === r)?.writesFile === true);
  if (outputs.length !== fileReporters.length) {
    const which =
      fileReporters.length === 0
        ? 'no file reporter was chosen'
        : `${fileReporters.map((r) => `--reporter ${r}`).join(' and ')} ${fileReporters.length === 1 ? 'needs' : 'need'} ${fileReporters.length} --output FILE`;
    throw new UsageError(
      `--output gives the file of each --reporter ${REPORTERS.filter((m) => m.writesFile)
        .map((m) => m.name)
        .join('|')}, in order; ${which}, but ${outputs.length} --output ${outputs.length === 1 ? 'was' : 'were'} given`,
    );
  }
  const pairs = fileReporters.map((kind, i) => ({ kind, file: outputs[i]! }));
  const seen = new Set<string>();
  for (const p of pairs) {
    if (seen.has(p.file)) throw new UsageError(`--output ${p.file} is given for two reporters; give each its own file`);
    seen.add(p.file);
  }
  return pairs;
}
