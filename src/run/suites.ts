/**
 * Suites: the spec collections that ship with tcpspec (`specs/<name>` of the
 * installed package), named `suite:NAME` wherever a path is taken, so a user
 * points a collection at their own server with `--target`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ErrorCode, TcpspecError } from '../errors';
import { suiteUnknownMessage } from '../report/messages/input-messages';

/** `suite:NAME` names no suite that ships with tcpspec. */
export class SuiteUnknownError extends TcpspecError {
  readonly code = ErrorCode.SuiteUnknown;
  readonly exitStatus = 2 as const;
  constructor(
    readonly suite: string,
    /** The suites that ship, as `suite:NAME`. */
    readonly known: readonly string[],
  ) {
    super(suiteUnknownMessage(suite, known));
  }
}

export const SUITE_PREFIX = 'suite:';

/** The installed package's root: the nearest folder above this module with tcpspec's package.json. */
function packageRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        if ((JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'tcpspec') return dir;
      } catch {
        // Not ours; keep climbing.
      }
    }
    if (path.dirname(dir) === dir) throw new Error(`tcpspec's package.json not found above ${__dirname}`);
  }
}

/** The folder holding the suites (`specs/` of the package). */
export function suitesFolder(): string {
  return path.join(packageRoot(), 'specs');
}

/** The names of the suites that ship with tcpspec, sorted. */
export function knownSuites(): string[] {
  const folder = suitesFolder();
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .map((e) => e.name)
    .sort();
}

/** `suite:redis` → the suite's folder; any other path as given. SuiteUnknownError for an unknown suite. */
export function resolveSuite(p: string): string {
  if (!p.startsWith(SUITE_PREFIX)) return p;
  const name = p.slice(SUITE_PREFIX.length);
  const known = knownSuites();
  if (!known.includes(name)) {
    throw new SuiteUnknownError(
      name,
      known.map((k) => SUITE_PREFIX + k),
    );
  }
  return path.join(suitesFolder(), name);
}
