/** `tcpspec validate PATH...`: checks specs without connecting anywhere. */
import type { Command } from 'commander';
import { SpecError } from '../../yaml/spec-error';
import { summaryLine } from '../../report/human';
import { loadSpecFile } from '../../load/load';
import type { CliContext } from '../context';
import { specsOf } from '../options';

export function registerValidate(program: Command, cli: CliContext): void {
  program
    .command('validate')
    .description('check specs without connecting anywhere')
    .argument('<paths...>', 'spec files or folders, or suite:NAME')
    .action((paths: string[]) => {
      let passed = 0;
      let failed = 0;
      for (const { file, root } of specsOf(paths)) {
        try {
          const spec = loadSpecFile(file, { root });
          passed += 1;
          cli.print(`OK ${file}  ${spec.name}`);
          for (const w of spec.warnings) cli.print(`${w.file}:${w.line}:${w.column}: warning: ${w.message}`);
        } catch (err) {
          if (!(err instanceof SpecError)) throw err;
          failed += 1;
          cli.print(err.message);
        }
      }
      cli.print(summaryLine({ passed, failed, errors: 0, skipped: 0 }));
      cli.setStatus(failed > 0 ? 2 : 0);
    });
}
