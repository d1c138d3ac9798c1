/** A client function under test that threw, rejected or never settled, in words (src/jest/client-function-error.ts). */
import { indent } from '../../bytes';

export function clientFunctionMessage(options: {
  readonly file: string;
  readonly ending:
    | { readonly kind: 'threw' | 'rejected'; readonly error: unknown }
    | { readonly kind: 'timeout'; readonly timeoutMs: number };
  /** The message of a mock-server step that failed meanwhile. */
  readonly stepFailure?: string | undefined;
}): string {
  const { file, ending, stepFailure } = options;
  const head =
    ending.kind === 'timeout'
      ? `${file}: the client function did not settle within ${ending.timeoutMs}ms (the spec's timeout)`
      : `${file}: the client function ${ending.kind} ${describeThrown(ending.error)}`;
  const beside = stepFailure !== undefined ? `\nthe mock server meanwhile:\n${indent(stepFailure, '  ')}` : '';
  return head + beside;
}

/** A thrown value in words: an error's stack (its message first), anything else as it prints. */
export function describeThrown(value: unknown): string {
  if (!(value instanceof Error)) return `a value that is not an Error: ${String(value)}`;
  const head = `${value.name}: ${value.message}`;
  const stack = value.stack ?? '';
  // V8 stacks start with the name and message; frames follow, one per line.
  const frames = stack.startsWith(head)
    ? stack.slice(head.length)
    : `\n${stack.split('\n').filter(isFrame).join('\n')}`;
  return `${head}${frames.trimEnd() ? frames.trimEnd() : ''}`;
}

function isFrame(line: string): boolean {
  return /^\s+at /.test(line);
}
