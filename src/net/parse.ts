/** An endpoint written as text on the command line: a TCP address, or `unix:PATH`. */
import { parseListen } from '../spec/listen';
import type { Endpoint } from './endpoint';

/** `127.0.0.1:6379`, `[::1]:6379`, a bare `6379` (127.0.0.1), or `unix:/run/app.sock`; undefined for anything else. */
export function parseEndpoint(text: string): Endpoint | undefined {
  if (text.startsWith('unix:')) {
    const path = text.slice('unix:'.length);
    return path === '' ? undefined : { path };
  }
  return parseListen(text);
}
