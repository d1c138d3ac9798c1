/** Turns command-line paths into spec files: files as given, folders searched for *.yaml / *.yml. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UsageError } from '../errors';

export function findSpecFiles(paths: readonly string[]): string[] {
  const files: string[] = [];
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      throw new UsageError(`no such file or folder: ${p}`);
    }
    if (stat.isDirectory()) {
      const found = walk(p);
      if (found.length === 0) throw new UsageError(`no *.yaml or *.yml spec files under ${p}`);
      files.push(...found);
    } else files.push(p);
  }
  return [...new Set(files)];
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) out.push(...walk(full));
    } else if (/\.ya?ml$/.test(entry.name)) out.push(full);
  }
  return out;
}
