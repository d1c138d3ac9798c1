/** Addresses written as text: the spec's `listen:`, `--listen`, a HOST:PORT target. */
import type { ListenAddress } from './types';

/** `7000`, `"7000"`, `"127.0.0.1:7000"`, `"[::1]:7000"`, `"localhost:0"`. */
export function parseListen(value: unknown): ListenAddress | undefined {
  const port = (s: string): number | undefined => (/^\d{1,5}$/.test(s) && Number(s) <= 65535 ? Number(s) : undefined);
  if (typeof value === 'number')
    return port(String(value)) !== undefined ? { host: '127.0.0.1', port: value } : undefined;
  if (typeof value !== 'string') return undefined;
  const bare = port(value);
  if (bare !== undefined) return { host: '127.0.0.1', port: bare };
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d+)$/.exec(value);
  if (!m) return undefined;
  const p = port(m[3]!);
  return p === undefined ? undefined : { host: m[1] ?? m[2]!, port: p };
}
