/** Parsers for option values, each failing with a UsageError that says what was expected. */
import { UsageError } from '../errors';
import { parseListen } from '../spec/load';
import type { ListenAddress } from '../spec/types';

/** `HOST:PORT`, `[::1]:PORT`, or a bare `PORT` (meaning 127.0.0.1). */
export function parseAddress(value: string, option: string): ListenAddress {
  const a = parseListen(value);
  if (!a) throw new UsageError(`${option} expects HOST:PORT (such as 127.0.0.1:6379 or [::1]:6379), found "${value}"`);
  return a;
}

export function parseCount(value: string, option: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1)
    throw new UsageError(`${option} expects a whole number of at least 1, found "${value}"`);
  return Number(value);
}

export function parseSeed(value: string, option: string): number {
  if (!/^-?\d+$/.test(value)) throw new UsageError(`${option} expects a whole number, found "${value}"`);
  return Number(value) | 0;
}
