/**
 * Reads `tls:` settings (top level, on `connect:`, on `starttls:`): `true` for
 * all defaults, or a map of servername, verify, ca, cert, key, alpn,
 * min_version, max_version. Certificate files are read here, and like `file:`
 * payloads they may not leave the spec collection's root.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ReadContext } from '../yaml/read-basics';
import { TLS_VERSIONS } from '../spec/types';
import type { TlsFile, TlsSettings, TlsVersion } from '../spec/types';
import { describeNode, isMap, isScalar, isSeq, pairKey, scalarString, suggest } from '../yaml/yaml-source';

export const TLS_KEYS = ['servername', 'verify', 'ca', 'cert', 'key', 'alpn', 'min_version', 'max_version'] as const;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * `where` names the place in messages (`tls`, `step 4: connect.tls`).
 * Returns `false` for `tls: false` (callers that do not allow it say so),
 * undefined after reporting a problem.
 */
export function readTls(ctx: ReadContext, node: unknown, where: string): TlsSettings | false | undefined {
  const loc = ctx.src.loc(node);
  if (isScalar(node) && typeof node.value === 'boolean') return node.value ? { loc } : false;
  if (!isMap(node)) {
    ctx.src.problem(
      node,
      `${where}: expects true, false or a map of settings (${TLS_KEYS.join(', ')}); found ${describeNode(node)}`,
    );
    return undefined;
  }
  const out: Mutable<TlsSettings> = { loc };
  let ok = true;
  const bad = (at: unknown, message: string): void => {
    ctx.src.problem(at, `${where}.${message}`);
    ok = false;
  };
  for (const item of node.items) {
    const key = pairKey(item);
    const value = item.value;
    const at = value ?? item.key;
    switch (key) {
      case 'servername': {
        const s = scalarString(value);
        if (s === undefined || s.trim() === '')
          bad(at, `servername: expects a host name such as mail.test, found ${describeNode(value)}`);
        else out.servername = s;
        break;
      }
      case 'verify': {
        if (isScalar(value) && typeof value.value === 'boolean') out.verify = value.value;
        else bad(at, `verify: expects true or false, found ${describeNode(value)}`);
        break;
      }
      case 'ca':
      case 'cert':
      case 'key': {
        const file = readTlsFile(ctx, value, `${where}.${key}`);
        if (file) out[key] = file;
        else ok = false;
        break;
      }
      case 'alpn': {
        const list = isSeq(value) ? value.items.map((i) => scalarString(i)) : [scalarString(value)];
        if (list.length === 0 || list.some((p) => p === undefined || p === '' || p.length > 255))
          bad(
            at,
            `alpn: expects a protocol name or a list of them such as [h2, http/1.1], found ${describeNode(value)}`,
          );
        else out.alpn = list as string[];
        break;
      }
      case 'min_version':
      case 'max_version': {
        const v = scalarString(value) ?? (isScalar(value) ? String(value.value) : undefined);
        if (v === undefined || !(TLS_VERSIONS as readonly string[]).includes(v))
          bad(
            at,
            `${key}: unknown TLS version ${describeNode(value)}${versionHint(v)}; expected one of: ${TLS_VERSIONS.join(', ')}`,
          );
        else out[key === 'min_version' ? 'minVersion' : 'maxVersion'] = v as TlsVersion;
        break;
      }
      default:
        bad(item.key, `${key}: unknown TLS setting${suggest(key, TLS_KEYS)}; expected one of: ${TLS_KEYS.join(', ')}`);
    }
  }
  if (out.minVersion && out.maxVersion && TLS_VERSIONS.indexOf(out.minVersion) > TLS_VERSIONS.indexOf(out.maxVersion))
    bad(node, `min_version: ${out.minVersion} is above max_version ${out.maxVersion}; no version could be agreed`);
  if ((out.cert === undefined) !== (out.key === undefined))
    bad(
      node,
      `${out.cert ? 'cert' : 'key'}: needs its ${out.cert ? 'key' : 'cert'} too (give both, or neither for a self-signed localhost certificate)`,
    );
  return ok ? out : undefined;
}

/** `tlsv1.2`, `TLS 1.2`, `1.2`: the version meant, spelled as Node spells it. */
function versionHint(v: string | undefined): string {
  const digits = v?.replace(/^tls\s*v?/i, '');
  const meant = TLS_VERSIONS.find((k) => k.slice(4) === digits || (digits === '1.0' && k === 'TLSv1'));
  return meant ? ` (did you mean "${meant}"?)` : '';
}

function readTlsFile(ctx: ReadContext, node: unknown, where: string): TlsFile | undefined {
  const rel = scalarString(node);
  if (rel === undefined || rel === '') {
    ctx.src.problem(node, `${where}: expects a path relative to the spec file, found ${describeNode(node)}`);
    return undefined;
  }
  const full = path.resolve(ctx.specDir, rel);
  let real: string;
  try {
    real = fs.realpathSync(full);
  } catch {
    ctx.src.problem(node, `${where}: "${rel}" does not exist (looked for ${full})`);
    return undefined;
  }
  const root = fs.realpathSync(ctx.root);
  if (real !== root && !real.startsWith(root + path.sep)) {
    ctx.src.problem(
      node,
      `${where}: "${rel}" is outside the spec collection (${ctx.root}); certificate and key files must live inside it`,
    );
    return undefined;
  }
  try {
    return { path: rel, bytes: fs.readFileSync(real), loc: ctx.src.loc(node) };
  } catch (err) {
    ctx.src.problem(node, `${where}: cannot read "${rel}": ${(err as Error).message}`);
    return undefined;
  }
}
