/**
 * Every error code belongs to exactly one error class, which declares it
 * itself beside its owner, and every such class is part of the library.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tcpspec from '../../src';
import { ErrorCode } from '../../src/errors';

const SRC = path.join(__dirname, '..', '..', 'src');

/** Every source file under src/ (tests left out), as [path with forward slashes, text]. */
function sources(): [string, string][] {
  return fs
    .readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((rel) => rel.endsWith('.ts') && !rel.endsWith('.test.ts'))
    .map((rel) => [rel.split(path.sep).join('/'), fs.readFileSync(path.join(SRC, rel), 'utf8')]);
}

/** Each `class X extends B [implements I] { … readonly code = ErrorCode.Y` in `files`, as [file, class, code key]. */
function declaredCodes(files: [string, string][]): [string, string, string][] {
  return files.flatMap(([file, text]) =>
    [
      ...text.matchAll(
        /export class (\w+) extends \w+(?: implements [\w, ]+)? \{[^}]*?readonly code = ErrorCode\.(\w+);/g,
      ),
    ].map((m): [string, string, string] => [file, m[1]!, m[2]!]),
  );
}

describe('the error codes', () => {
  const files = sources();
  const declared = declaredCodes(files);

  it('are each declared by exactly one error class', () => {
    const byCode = Object.keys(ErrorCode).map((key) => [key, declared.filter(([, , code]) => code === key).length]);
    expect(byCode.filter(([, count]) => count !== 1)).toEqual([]);
  });

  it('are all found by the scan above, whatever the class heading looks like', () => {
    const written = files.flatMap(([, text]) =>
      [...text.matchAll(/readonly code = ErrorCode\.(\w+);/g)].map((m) => m[1]),
    );
    expect(declared.map(([, , code]) => code).sort()).toEqual(written.sort());
  });

  it('are declared beside their owners, none in errors.ts', () => {
    expect(declared.filter(([file]) => file === 'errors.ts')).toEqual([]);
  });

  it('belong to classes the library exports', () => {
    const exported = new Set(Object.keys(tcpspec));
    expect(declared.map(([, name]) => name).filter((name) => !exported.has(name))).toEqual([]);
  });
});
