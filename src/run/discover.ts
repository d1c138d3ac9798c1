/**
 * Turns command-line paths into spec files: files as given, folders searched
 * for *.yaml / *.yml (never `*.matrix.yaml`, which are matrix files), and
 * `suite:NAME` as the folder of a suite that ships with tcpspec.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ErrorCode, TcpspecError } from '../errors';
import { specPathMessage } from '../report/messages/input-messages';
import { findSpecRoot } from '../load/load';
import { resolveSuite } from './suites';

/** A path given to run, fuzz or validate that is missing, or a folder with no spec files in it. */
export class SpecPathError extends TcpspecError {
  readonly code = ErrorCode.SpecPath;
  readonly exitStatus = 2 as const;
  constructor(
    readonly path: string,
    readonly problem: 'missing' | 'no-specs',
  ) {
    super(specPathMessage(path, problem));
  }
}

/** Matrix files, which a folder search never takes for specs. */
export const MATRIX_FILE = /\.matrix\.ya?ml$/;

export function findSpecFiles(paths: readonly string[]): string[] {
  return findSpecs(paths).map((s) => s.file);
}

/**
 * The spec files under `paths`, each with its collection root (which `file:`
 * payloads may not leave): for a folder given on the command line, that
 * folder, or the enclosing `specs` folder when there is one above it; for a
 * file, the enclosing `specs` folder or its own folder.
 */
export function findSpecs(paths: readonly string[]): { file: string; root: string }[] {
  const found = new Map<string, string>();
  for (const given of paths) {
    const p = resolveSuite(given);
    const { folder, files } = specFilesAt(p);
    const folderRoot = folder ? outermost(path.resolve(p), findSpecRoot(path.join(p, 'x.yaml'))) : undefined;
    for (const f of files) if (!found.has(f)) found.set(f, folderRoot ?? findSpecRoot(f));
  }
  return [...found].map(([file, root]) => ({ file, root }));
}

/** Of two folders where one may contain the other, the outer one. */
function outermost(a: string, b: string): string {
  return a.startsWith(b + path.sep) ? b : a;
}

function specFilesAt(p: string): { folder: boolean; files: string[] } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
  } catch {
    throw new SpecPathError(p, 'missing');
  }
  if (!stat.isDirectory()) return { folder: false, files: [p] };
  const files = walk(p);
  if (files.length === 0) throw new SpecPathError(p, 'no-specs');
  return { folder: true, files };
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) out.push(...walk(full));
    } else if (/\.ya?ml$/.test(entry.name) && !MATRIX_FILE.test(entry.name)) out.push(full);
  }
  return out;
}
