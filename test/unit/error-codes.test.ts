/**
 * Every error code belongs to exactly one error class, which declares it
 * itself beside its owner, and every such class is part of the library.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tcpspec from '../../src';
import { ErrorCode } from '../../src/errors';

const SRC = path.join(__dirname, '..', '..', 'src');

/** Each `class X extends B [implements I] { … readonly code = ErrorCode.Y` under src/, as [file, class, code key]. */
function declaredCodes(): [string, string, string][] {
  const found: [string, string, string][] = [];
  for (const rel of fs.readdirSync(SRC, { recursive: true, encoding: 'utf8' })) {
    if (!rel.endsWith('.ts') || rel.endsWith('.test.ts')) continue;
    const text = fs.readFileSync(path.join(SRC, rel), 'utf8');
    for (const m of text.matchAll(
      /export class (\w+) extends \w+(?: implements [\w, ]+)? \{[^}]*?readonly code = ErrorCode\.(\w+);/g,
    ))
      found.push([rel.split(path.sep).join('/'), m[1]!, m[2]!]);
  }
  return found;
}

describe('the error codes', () => {
  const declared = declaredCodes();

  it('are each declared by exactly one error class', () => {
    const byCode = Object.keys(ErrorCode).map((key) => [key, declared.filter(([, , code]) => code === key).length]);
    expect(byCode.filter(([, count]) => count !== 1)).toEqual([]);
  });

  it('are all found by the scan above, whatever the class heading looks like', () => {
    const written = fs
      .readdirSync(SRC, { recursive: true, encoding: 'utf8' })
      .filter((rel) => rel.endsWith('.ts') && !rel.endsWith('.test.ts'))
      .flatMap((rel) =>
        [...fs.readFileSync(path.join(SRC, rel), 'utf8').matchAll(/readonly code = ErrorCode\.(\w+);/g)].map(
          (m) => m[1],
        ),
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
