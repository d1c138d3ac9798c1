/** Parsers for option values, each failing with a UsageError that says what was expected. */
import { UsageError } from '../usage-error';
import type { Endpoint } from '../net/endpoint';
import { parseEndpoint } from '../net/parse';
import type { ListenAddress } from '../spec/types';
import type { Shard } from '../run/shard';
import type { DeliveryChoice } from '../fuzz/delivery/delivery';

/** Where to listen: `HOST:PORT`, `[::1]:PORT`, a bare `PORT` (meaning 127.0.0.1), or `unix:PATH` (a Unix socket). */
export function parseAddress(value: string, option: string): ListenAddress {
  return endpointOption(value, option);
}

/** A server to connect to: `HOST:PORT`, `[::1]:PORT`, a bare `PORT`, or `unix:PATH` (a Unix socket). */
export function parseTarget(value: string, option: string): Endpoint {
  return endpointOption(value, option);
}

function endpointOption(value: string, option: string): Endpoint {
  const e = parseEndpoint(value);
  if (e && 'problem' in e) throw new UsageError(`${option} ${JSON.stringify(value)}: ${e.problem}`);
  if (!e)
    throw new UsageError(
      `${option} expects HOST:PORT or unix:PATH (such as 127.0.0.1:6379, [::1]:6379 or unix:/run/app.sock), found "${value}"`,
    );
  return e;
}

export function parseCount(value: string, option: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new UsageError(`${option} expects a whole number of at least 1, found "${value}"`);
  return Number(value);
}

/** A fast-check seed: a whole number that fits in 32 bits, as every failure prints it. */
export function parseSeed(value: string, option: string): number {
  const n = Number(value);
  if (!/^-?\d+$/.test(value) || n < -(2 ** 31) || n >= 2 ** 32)
    throw new UsageError(`${option} expects a whole number from -2147483648 to 4294967295, found "${value}"`);
  return n | 0;
}

/** How fuzz pieces reach the other side: `auto` (confirmed reads where the kernel can tell) or `timed` (gaps only). */
export function parseDelivery(value: string, option: string): DeliveryChoice {
  if (value !== 'auto' && value !== 'timed') throw new UsageError(`${option} expects auto or timed, found "${value}"`);
  return value;
}

/** fast-check's replay path, as a failure prints it: whole numbers joined by colons, such as `3:1:0`. */
export function parsePath(value: string, option: string): string {
  if (!/^\d+(:\d+)*$/.test(value))
    throw new UsageError(
      `${option} expects the path a failure printed (whole numbers joined by colons, such as 3:1:0), found "${value}"`,
    );
  return value;
}

/** `I/N` with 1 ≤ I ≤ N. */
export function parseShard(value: string, option = '--shard'): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(value);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count)
    throw new UsageError(`${option} expects I/N with I from 1 to N (such as 2/4), found "${value}"`);
  return { index, count };
}
