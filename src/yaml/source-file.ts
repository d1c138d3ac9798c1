/** Reading the text of a file that is loaded and checked (a spec, a matrix file). */
import * as fs from 'node:fs';
import { SpecError } from './spec-error';

/**
 * The text of `file`; a file that cannot be read (missing, a folder, no
 * permission) is a `SpecError` at `FILE:1:1` saying the `what` cannot be read
 * and why (the error code, such as `ENOENT`).
 */
export function readSourceFile(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    throw new SpecError([{ file, line: 1, column: 1, message: `cannot read the ${what}: ${reason}` }]);
  }
}
