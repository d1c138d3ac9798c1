/**
 * spec file → loaded spec. Reads one YAML file, checks every field, and either
 * returns a `Spec` or throws one `SpecError` listing every mistake as
 * `FILE:LINE:COLUMN: what is wrong, and what was expected`. Nothing is sent
 * anywhere before this has succeeded.
 */
import { quoteValue } from '../bytes';
import * as path from 'node:path';
import * as fs from 'node:fs';
import { SpecError } from '../yaml/spec-error';
import { parseDuration, parseDurationRange } from '../spec/duration';
import { readClient } from './read-client';
import { readSourceFile } from '../yaml/source-file';
import { readSteps } from './read-steps';
import { readTls } from './read-tls';
import type { ReadContext } from '../yaml/read-basics';
import { DEFAULT_FUZZ, DEFAULT_TIMEOUT_MS, MAIN_CONNECTION } from '../spec/types';
import { parseListen, parseUnixAddress } from '../spec/listen';
import type { FuzzSettings, ListenAddress, Spec, SpecWarning, Step } from '../spec/types';
import { opensConnection, stepDefinition, stepEffect } from './steps/registry';
import { stepCaptures, variableUses } from './variables';
import { VARIABLE_NAME } from '../spec/template';
import { describeNode, isMap, isScalar, pairKey, scalarString, suggest, YamlSource } from '../yaml/yaml-source';
import type { Pair } from '../yaml/yaml-source';

const TOP_KEYS = [
  '$schema',
  'name',
  'description',
  'target',
  'role',
  'timeout',
  'vars',
  'steps',
  'listen',
  'connections',
  'tls',
  'fuzz',
  'client',
];
const FUZZ_KEYS = ['runs', 'split', 'coalesce', 'delay', 'slow_reader', 'seed', 'parallel', 'fields', 'health'];

export interface LoadOptions {
  /** The spec collection's root, which `file:` payloads may not leave. Default: see `findSpecRoot`. */
  readonly root?: string;
}

/**
 * The folder a spec's `file:` payloads must stay inside: the nearest enclosing
 * folder named `specs`, or else the spec's own folder.
 */
export function findSpecRoot(file: string): string {
  let dir = path.dirname(path.resolve(file));
  for (;;) {
    if (path.basename(dir) === 'specs') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.dirname(path.resolve(file));
    dir = parent;
  }
}

/** Loads and checks one spec file. Throws `SpecError` for any mistake, including an unreadable file. */
export function loadSpecFile(file: string, options: LoadOptions = {}): Spec {
  return loadSpecText(file, readSourceFile(file, 'spec file'), options);
}

/** Loads a spec file, returning (not throwing) a SpecError: for callers that report a bad spec as a result. */
export function loadSpecOrError(file: string, options: LoadOptions = {}): Spec | SpecError {
  try {
    return loadSpecFile(file, options);
  } catch (err) {
    if (err instanceof SpecError) return err;
    throw err;
  }
}

/** Loads a spec from text; `file` names it in messages and anchors relative `file:` payloads. */
export function loadSpecText(file: string, text: string, options: LoadOptions = {}): Spec {
  const src = new YamlSource(file, text);
  const ctx: ReadContext = { src, specDir: path.dirname(path.resolve(file)), root: options.root ?? findSpecRoot(file) };
  const spec = src.problems.length === 0 ? readSpec(ctx, src.root) : undefined;
  if (!spec || src.problems.length > 0) {
    const sorted = [...src.problems].sort((a, b) => a.line - b.line || a.column - b.column);
    throw new SpecError(sorted);
  }
  return spec;
}

function readSpec(ctx: ReadContext, root: unknown): Spec | undefined {
  const { src } = ctx;
  if (!isMap(root)) {
    src.problem(root, `a spec is a map with at least "name" and "steps"; found ${describeNode(root)}`);
    return undefined;
  }
  const fields = new Map<string, Pair>();
  for (const pair of root.items) {
    const key = pairKey(pair);
    if (!TOP_KEYS.includes(key))
      src.problem(
        pair.key,
        `unknown key ${quoteValue(key)}${suggest(key, TOP_KEYS)}; expected one of: ${TOP_KEYS.filter((k) => k !== '$schema').join(', ')}`,
      );
    fields.set(key, pair);
  }
  const name = readString(ctx, fields, 'name', true, root);
  const description = readString(ctx, fields, 'description', false, root);
  const targetName = readString(ctx, fields, 'target', false, root);
  const role = readRole(ctx, fields.get('role'));
  const timeout = readDuration(ctx, fields.get('timeout'), DEFAULT_TIMEOUT_MS);
  const vars = readVars(ctx, fields.get('vars'));
  if (!fields.has('steps')) src.problem(root, 'missing "steps": a spec needs a list of steps to run');
  const steps = fields.has('steps') ? readSteps(ctx, fields.get('steps')!.value, timeout) : [];
  const listen = readListen(ctx, fields.get('listen'), role);
  const connections = readConnections(ctx, fields.get('connections'), role);
  const fuzz = readFuzz(ctx, fields.get('fuzz'));
  const client = readClient(ctx, fields.get('client'), role, steps, vars, listen);
  const tlsPair = fields.get('tls');
  const tls = tlsPair ? readTls(ctx, tlsPair.value ?? tlsPair.key, 'tls') : undefined;
  const connectionNames = checkConnections(ctx, steps, role, fields.get('connections'));
  checkSendsAfterShutdown(ctx, steps);
  const warnings: SpecWarning[] = [...src.warnings, ...checkVariables(ctx, steps, vars)];
  warnings.push(...lintSteps(steps));
  if (src.problems.length > 0 || name === undefined) return undefined;
  return {
    file: src.file,
    root: ctx.root,
    name,
    ...(description !== undefined ? { description } : {}),
    ...(targetName !== undefined ? { target: { name: targetName, loc: src.loc(fields.get('target')!.value) } } : {}),
    role,
    timeout,
    vars,
    steps,
    listen,
    connections,
    ...(tls ? { tls } : {}),
    connectionNames,
    fuzz,
    ...(client ? { client } : {}),
    warnings,
  };
}

function readString(
  ctx: ReadContext,
  fields: Map<string, Pair>,
  key: string,
  required: boolean,
  parent: unknown,
): string | undefined {
  const pair = fields.get(key);
  if (!pair) {
    if (required) ctx.src.problem(parent, `missing "${key}": every spec needs a ${key}`);
    return undefined;
  }
  const s = scalarString(pair.value);
  if (s === undefined || s.trim() === '') {
    ctx.src.problem(pair.value ?? pair.key, `${key}: expects a non-empty string, found ${describeNode(pair.value)}`);
    return undefined;
  }
  return s;
}

function readRole(ctx: ReadContext, pair: Pair | undefined): 'client' | 'server' {
  if (!pair) return 'client';
  const s = scalarString(pair.value);
  if (s === 'client' || s === 'server') return s;
  ctx.src.problem(
    pair.value ?? pair.key,
    `role: expects "client" (the peer connects) or "server" (the peer listens); found ${describeNode(pair.value)}`,
  );
  return 'client';
}

function readDuration(ctx: ReadContext, pair: Pair | undefined, fallback: number): number {
  if (!pair) return fallback;
  const v = isScalar(pair.value) ? pair.value.value : undefined;
  const ms = parseDuration(v);
  if (ms === undefined) {
    ctx.src.problem(
      pair.value ?? pair.key,
      `${pairKey(pair)}: expects a duration such as 500ms, 5s, 1m or a number of milliseconds; found ${describeNode(pair.value)}`,
    );
    return fallback;
  }
  return ms;
}

function readVars(ctx: ReadContext, pair: Pair | undefined): Record<string, string> {
  const vars: Record<string, string> = {};
  if (!pair) return vars;
  if (!isMap(pair.value)) {
    ctx.src.problem(pair.value ?? pair.key, `vars: expects a map of name: value, found ${describeNode(pair.value)}`);
    return vars;
  }
  for (const item of pair.value.items) {
    const name = pairKey(item);
    if (!VARIABLE_NAME.test(name)) {
      ctx.src.problem(
        item.key,
        `vars: "${name}" is not a variable name (letters, digits, _; not starting with a digit)`,
      );
      continue;
    }
    const v = isScalar(item.value) ? item.value.value : undefined;
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      ctx.src.problem(
        item.value ?? item.key,
        `vars: "${name}" expects a text value, found ${describeNode(item.value)}`,
      );
      continue;
    }
    ctx.src.warnHighEscapes(item.value);
    vars[name] = String(v);
  }
  return vars;
}

function readListen(ctx: ReadContext, pair: Pair | undefined, role: 'client' | 'server'): ListenAddress {
  const fallback = { host: '127.0.0.1', port: 0 };
  if (!pair) return fallback;
  if (role !== 'server') {
    ctx.src.problem(pair.key, 'listen: only applies with "role: server"');
    return fallback;
  }
  const value = isScalar(pair.value) ? pair.value.value : undefined;
  const socket = typeof value === 'string' ? parseUnixAddress(value, ctx.specDir) : undefined;
  if (socket && 'problem' in socket) {
    ctx.src.problem(pair.value ?? pair.key, `listen: ${socket.problem}`);
    return fallback;
  }
  const parsed = socket ?? parseListen(value);
  if (!parsed) {
    ctx.src.problem(
      pair.value ?? pair.key,
      `listen: expects a port (0-65535), "HOST:PORT" such as 127.0.0.1:7000 or [::1]:7000, or unix:PATH such as unix:/tmp/app.sock; found ${describeNode(pair.value)}`,
    );
    return fallback;
  }
  return parsed;
}

function readConnections(ctx: ReadContext, pair: Pair | undefined, role: 'client' | 'server'): number {
  if (!pair) return 1;
  if (role !== 'server') {
    ctx.src.problem(pair.key, 'connections: only applies with "role: server"');
    return 1;
  }
  const v = isScalar(pair.value) ? pair.value.value : undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    ctx.src.problem(
      pair.value ?? pair.key,
      `connections: expects a whole number of at least 1, found ${describeNode(pair.value)}`,
    );
    return 1;
  }
  return v;
}

function readFuzz(ctx: ReadContext, pair: Pair | undefined): FuzzSettings {
  if (!pair) return DEFAULT_FUZZ;
  if (!isMap(pair.value)) {
    ctx.src.problem(
      pair.value ?? pair.key,
      `fuzz: expects a map of settings (${FUZZ_KEYS.join(', ')}), found ${describeNode(pair.value)}`,
    );
    return DEFAULT_FUZZ;
  }
  const out: { -readonly [K in keyof FuzzSettings]: FuzzSettings[K] } = { ...DEFAULT_FUZZ };
  for (const item of pair.value.items) {
    const key = pairKey(item);
    const v = isScalar(item.value) ? item.value.value : undefined;
    const bad = (what: string): void =>
      ctx.src.problem(item.value ?? item.key, `fuzz.${key}: expects ${what}, found ${describeNode(item.value)}`);
    switch (key) {
      case 'runs':
      case 'parallel':
        if (typeof v === 'number' && Number.isInteger(v) && v >= 1) out[key] = v;
        else bad('a whole number of at least 1');
        break;
      case 'seed':
        if (typeof v === 'number' && Number.isInteger(v)) out.seed = v;
        else bad('a whole number');
        break;
      case 'split':
      case 'coalesce':
      case 'slow_reader':
      case 'fields':
        if (typeof v === 'boolean') out[key === 'slow_reader' ? 'slowReader' : key] = v;
        else bad('true or false');
        break;
      case 'health': {
        const health = readHealthFile(ctx, item.value);
        if (health) out.health = health;
        break;
      }
      case 'delay': {
        const range = parseDurationRange(v);
        if (range) out.delay = range;
        else bad('a duration or a range such as 0-5ms');
        break;
      }
      default:
        ctx.src.problem(
          item.key,
          `fuzz: unknown setting ${quoteValue(key)}${suggest(key, FUZZ_KEYS)}; expected one of: ${FUZZ_KEYS.join(', ')}`,
        );
    }
  }
  return out;
}

/** `fuzz.health`: a spec file relative to this one, inside the spec collection. */
function readHealthFile(ctx: ReadContext, node: unknown): FuzzSettings['health'] {
  const rel = isScalar(node) && typeof node.value === 'string' ? node.value : '';
  if (rel === '') {
    ctx.src.problem(node, `fuzz.health: expects a spec file relative to this one, found ${describeNode(node)}`);
    return undefined;
  }
  const full = path.resolve(ctx.specDir, rel);
  if (!fs.existsSync(full) || !fs.statSync(full).isFile()) {
    ctx.src.problem(node, `fuzz.health: "${rel}" is not a spec file (looked for ${full})`);
    return undefined;
  }
  const real = fs.realpathSync(full);
  const root = fs.realpathSync(ctx.root);
  if (!real.startsWith(root + path.sep)) {
    ctx.src.problem(node, `fuzz.health: "${rel}" is outside the spec collection (${ctx.root})`);
    return undefined;
  }
  return { file: full, rel };
}

function checkVariables(ctx: ReadContext, steps: readonly Step[], vars: Record<string, string>): SpecWarning[] {
  const warnings: SpecWarning[] = [];
  for (const use of variableUses(steps, vars)) {
    if (use.status === 'undefined') {
      ctx.src.problems.push({
        ...use.template.loc,
        message: `step ${use.step.index}: undefined variable "\${${use.name}}": define it under vars: or capture it with a named group (?<${use.name}>...) or as: ${use.name} in an earlier expect`,
      });
    } else if (use.status === 'late' && stepCaptures(use.step).includes(use.name)) {
      // Captured by this very step (until's lines, each judged before the terminator): legal, but worth a look.
      warnings.push({
        ...use.template.loc,
        message: `step ${use.step.index}: "\${${use.name}}" is used by the step that captures it; it has a value only once that capture matched`,
      });
    } else if (use.status === 'late') {
      // Steps play in file order, so the variable cannot have its value yet when this step plays.
      ctx.src.problems.push({
        ...use.template.loc,
        message: `step ${use.step.index}: "\${${use.name}}" is used before the step that captures it; steps play in file order, so move the capture earlier`,
      });
    }
  }
  return warnings;
}

/**
 * Which connections exist where: `main` from the start, each step that opens
 * one (connect, accept) from its step on; and what each kind asks of the spec
 * around it (its role, its own check). Returns every name, `main` first.
 */
function checkConnections(
  ctx: ReadContext,
  steps: readonly Step[],
  role: 'client' | 'server',
  connectionsPair: Pair | undefined,
): string[] {
  const opened = new Map<string, Step | undefined>([[MAIN_CONNECTION, undefined]]);
  const problem = (s: Step, message: string): void => {
    ctx.src.problems.push({ ...s.loc, message: `step ${s.index}: ${message}` });
  };
  const around = { role, connectionsLine: connectionsPair && ctx.src.loc(connectionsPair.key).line };
  for (const s of steps) {
    const definition = stepDefinition(s.kind);
    const onlyIn = definition.onlyIn;
    const misplaced = onlyIn && onlyIn.role !== role ? onlyIn.problem(s) : definition.check?.(s, around);
    if (misplaced) problem(s, misplaced);
    const name = opensConnection(s);
    if (name !== undefined) {
      const earlier = opened.get(name);
      if (opened.has(name)) {
        problem(
          s,
          `the connection "${name}" is opened twice (${earlier ? `first at step ${earlier.index}` : `"${MAIN_CONNECTION}" is the connection every spec opens first`}); give this one another name`,
        );
      } else opened.set(name, s);
    } else if (!opened.has(s.on)) {
      const later = steps.find((t) => opensConnection(t) === s.on);
      problem(
        s,
        later
          ? `on: "${s.on}" is opened only later, at step ${later.index}; move the ${later.kind} before this step`
          : `on: "${s.on}" names no connection; open it first with ${role === 'server' ? 'accept' : 'connect'}: ${s.on} (known: ${[...opened.keys()].join(', ')})`,
      );
    }
  }
  return [...opened.keys()];
}

/** After `shutdown` a connection's sending direction is closed: a later `send` on it cannot be played. */
function checkSendsAfterShutdown(ctx: ReadContext, steps: readonly Step[]): void {
  const shutdownAt = new Map<string, Step>();
  for (const s of steps) {
    const effect = stepEffect(s);
    if (effect === 'ends-sending' && !shutdownAt.has(s.on)) shutdownAt.set(s.on, s);
    const shutdown = shutdownAt.get(s.on);
    if (effect === 'writes' && shutdown) {
      ctx.src.problems.push({
        ...s.loc,
        message: `step ${s.index}: ${s.kind} after the ${shutdown.kind} at step ${shutdown.index}${s.on === MAIN_CONNECTION ? '' : ` (on ${s.on})`}; our sending direction is closed by then (move the ${s.kind} before it)`,
      });
    }
  }
}

/** Legal but surely wrong. */
function lintSteps(steps: readonly Step[]): SpecWarning[] {
  const warnings: SpecWarning[] = [];
  // One warning per connection: the first step after its close or reset.
  const ended = new Map<string, Step | 'warned'>();
  for (const s of steps) {
    const ender = ended.get(s.on);
    if (ender === 'warned' || opensConnection(s) !== undefined) continue;
    if (ender) {
      warnings.push({
        ...s.loc,
        message: `step ${s.index}: comes after "${ender.kind}" at step ${ender.index}${s.on === MAIN_CONNECTION ? '' : ` on ${s.on}`}, so it can never run against an open connection`,
      });
      ended.set(s.on, 'warned');
    } else if (stepEffect(s) === 'ends') ended.set(s.on, s);
  }
  for (const s of steps) {
    for (const w of stepDefinition(s.kind).warnings?.(s) ?? []) {
      warnings.push({ ...(w.loc ?? s.loc), message: `step ${s.index}: ${w.message}` });
    }
  }
  return warnings;
}
