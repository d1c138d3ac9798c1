/** An endpoint written as text on the command line: a TCP address, or `unix:PATH`. */
import { parseListen, parseUnixAddress } from '../spec/listen';
import type { Endpoint } from './endpoint';

/**
 * `127.0.0.1:6379`, `[::1]:6379`, a bare `6379` (127.0.0.1), or
 * `unix:/run/app.sock` (a relative path is the working directory's);
 * `{ problem }` for a `unix:` that names no usable socket, undefined for
 * anything else.
 */
export function parseEndpoint(
  text: string,
  cwd: string = process.cwd(),
): Endpoint | { readonly problem: string } | undefined {
  return parseUnixAddress(text, cwd) ?? parseListen(text);
}
