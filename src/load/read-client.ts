/** Reads `client:` (role: server): `{ command, exit, stdout, timeout }`. */
import { quoteValue } from '../bytes';
import { parseDuration } from '../spec/duration';
import { readMatcherNode } from '../match/registry';
import { readTemplate } from '../yaml/read-basics';
import type { ReadContext } from '../yaml/read-basics';
import { templateRefs } from '../spec/template';
import { CLIENT_VARIABLES } from '../spec/types';
import type { ClientSpec, ListenAddress, Step, Template } from '../spec/types';
import { endpointKind } from '../net/endpoint';
import { describeNode, isMap, isScalar, isSeq, pairKey, scalarString, suggest } from '../yaml/yaml-source';
import type { Pair } from '../yaml/yaml-source';

const CLIENT_KEYS = ['command', 'exit', 'stdout', 'timeout'];

export function readClient(
  ctx: ReadContext,
  pair: Pair | undefined,
  role: 'client' | 'server',
  steps: readonly Step[],
  vars: Readonly<Record<string, string>>,
  listen: ListenAddress,
): ClientSpec | undefined {
  if (!pair) return undefined;
  const { src } = ctx;
  if (role !== 'server') {
    src.problem(
      pair.key,
      'client: only applies with "role: server" (the client under test connects to the mock server tcpspec plays)',
    );
    return undefined;
  }
  const node = pair.value;
  if (!isMap(node)) {
    src.problem(
      node ?? pair.key,
      `client: expects a map such as { command: [python3, client.py, "\${port}"], exit: 0 }; found ${describeNode(node)}`,
    );
    return undefined;
  }
  const fields = new Map<string, Pair>();
  for (const item of node.items) {
    const key = pairKey(item);
    if (!CLIENT_KEYS.includes(key))
      src.problem(
        item.key,
        `client: unknown key ${quoteValue(key)}${suggest(key, CLIENT_KEYS)}; expected one of: ${CLIENT_KEYS.join(', ')}`,
      );
    fields.set(key, item);
  }
  const listening = CLIENT_VARIABLES[endpointKind(listen)];
  const known: ClientNames = {
    names: new Set<string>([...listening, ...Object.keys(vars)]),
    hint: `a client may use ${listening.map((v) => `\${${v}}`).join(', ')} (where tcpspec listens${
      endpointKind(listen) === 'unix' ? ': the socket of listen: unix:PATH' : ''
    }) and the spec's vars:`,
  };
  const command = fields.has('command') ? readCommand(ctx, fields.get('command')!, known) : undefined;
  const exit = readExit(ctx, fields.get('exit'));
  const stdout = fields.has('stdout') ? readStdout(ctx, fields.get('stdout')!, known) : undefined;
  const timeout = readTimeout(ctx, fields.get('timeout'), steps);
  return {
    loc: src.loc(pair.key),
    ...(command ? { command } : {}),
    exit,
    ...(stdout ? { stdout } : {}),
    timeout,
  };
}

/** The variables a client may name, and the words that list them when one is unknown. */
interface ClientNames {
  readonly names: ReadonlySet<string>;
  readonly hint: string;
}

function checkRefs(ctx: ReadContext, where: string, t: Template, known: ClientNames): boolean {
  for (const ref of templateRefs(t)) {
    if (!known.names.has(ref)) {
      ctx.src.problems.push({
        ...t.loc,
        message: `${where}: undefined variable "\${${ref}}"; ${known.hint}`,
      });
      return false;
    }
  }
  return true;
}

function readCommand(ctx: ReadContext, pair: Pair, known: ClientNames): Template[] | undefined {
  const node = pair.value;
  const example = 'such as [python3, client.py, "${port}"]';
  if (!isSeq(node)) {
    const why =
      scalarString(node) !== undefined
        ? ' (a string is not split into words and no shell runs it: write each word as its own item)'
        : '';
    ctx.src.problem(
      node ?? pair.key,
      `client.command: expects a list of words ${example}; found ${describeNode(node)}${why}`,
    );
    return undefined;
  }
  if (node.items.length === 0) {
    ctx.src.problem(node, `client.command: the list is empty; it needs at least the program to run, ${example}`);
    return undefined;
  }
  const words: Template[] = [];
  let ok = true;
  for (const [i, item] of node.items.entries()) {
    const text = scalarString(item);
    if (text === undefined) {
      const hint =
        isScalar(item) && (typeof item.value === 'number' || typeof item.value === 'boolean')
          ? `; quote it to pass it as a word ("${String(item.value)}")`
          : '';
      ctx.src.problem(item, `client.command: word ${i + 1} must be a string, found ${describeNode(item)}${hint}`);
      ok = false;
      continue;
    }
    if (i === 0 && text.trim() === '') {
      ctx.src.problem(item, 'client.command: the program (word 1) is empty');
      ok = false;
      continue;
    }
    const t = readTemplate(ctx, item, text);
    if (!t || !checkRefs(ctx, 'client.command', t, known)) ok = false;
    else words.push(t);
  }
  return ok ? words : undefined;
}

function readExit(ctx: ReadContext, pair: Pair | undefined): number {
  if (!pair) return 0;
  const v = isScalar(pair.value) ? pair.value.value : undefined;
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 255) return v;
  ctx.src.problem(
    pair.value ?? pair.key,
    `client.exit: expects an exit status, a whole number from 0 to 255; found ${describeNode(pair.value)}`,
  );
  return 0;
}

function readStdout(ctx: ReadContext, pair: Pair, known: ClientNames): ClientSpec['stdout'] {
  const node = pair.value;
  const problemsBefore = ctx.src.problems.length;
  const m = readMatcherNode(ctx, node, 'stream');
  if (!m) {
    // The matcher reader speaks of "expect:"; say where this one is.
    const problems = ctx.src.problems;
    for (let i = problemsBefore; i < problems.length; i++) {
      problems[i] = { ...problems[i]!, message: `client.stdout: ${problems[i]!.message}` };
    }
    return undefined;
  }
  if (m.kind !== 'text' && m.kind !== 'regex') {
    const eof = m.kind === 'eof' ? ' (write { text: eof } for the text "eof")' : '';
    ctx.src.problem(
      node,
      `client.stdout: expects text (all it prints, one trailing newline ignored) or a /regex/ (one whole line of it); found ${/^[aeiou]/.test(m.kind) ? 'an' : 'a'} ${m.kind} matcher${eof}`,
    );
    return undefined;
  }
  const t = m.kind === 'text' ? m.text : m.regex.pattern;
  if (!checkRefs(ctx, 'client.stdout', t, known)) return undefined;
  if (m.kind === 'regex' && m.regex.groups.length > 0) {
    ctx.src.problem(node, 'client.stdout: named groups capture nothing here (the steps have run by then); use (?:...)');
    return undefined;
  }
  return m;
}

function readTimeout(ctx: ReadContext, pair: Pair | undefined, steps: readonly Step[]): number {
  const sum = steps.reduce((total, s) => total + s.timeout, 0);
  if (!pair) return sum;
  const v = isScalar(pair.value) ? pair.value.value : undefined;
  const ms = parseDuration(v);
  if (ms === undefined || ms <= 0) {
    ctx.src.problem(
      pair.value ?? pair.key,
      `client.timeout: expects a duration such as 5s, 500ms or 1m; found ${describeNode(pair.value)}`,
    );
    return sum;
  }
  return ms;
}
