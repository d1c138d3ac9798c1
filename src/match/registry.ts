/**
 * The one table of matcher kinds. The loader, the variables check, the peer's
 * expectations and the JSON Schema test all read it, and its type makes a
 * `Matcher` kind without an entry a compile error.
 *
 * Adding a matcher: its shape in the `Matcher` union (src/spec/types.ts), a
 * module under kinds/ exporting a `MatcherKind`, and its line below; then
 * its form in schema/tcpspec.schema.json (test/unit/schema.test.ts fails
 * until the schema accepts the kind's `samples`).
 */
import type { ReadContext } from '../yaml/read-basics';
import { mapFields } from '../yaml/read-basics';
import type { Vars } from '../spec/template';
import type { Matcher, Template } from '../spec/types';
import { describeNode, isMap, isScalar, scalarString } from '../yaml/yaml-source';
import type { Expectation, Matchers, MatcherKind, MatcherPlace, MatcherWarning, UnitVerdict } from './kind';
import { DEFAULT_LIMITS } from './progress';
import type { MatchLimits } from './progress';
import { any } from './kinds/any';
import { bytes } from './kinds/bytes';
import { eof } from './kinds/eof';
import { frame } from './kinds/frame';
import { hex } from './kinds/hex';
import { regex } from './kinds/regex';
import { repeat } from './kinds/repeat';
import { struct } from './kinds/struct';
import { text } from './kinds/text';
import { until } from './kinds/until';

export type MatcherKinds = { readonly [K in Matcher['kind']]: MatcherKind<Extract<Matcher, { kind: K }>> };

export const MATCHER_KINDS: MatcherKinds = {
  text,
  hex,
  repeat,
  regex,
  bytes,
  until,
  frame,
  eof,
  any,
  struct,
};

/** The kinds as one list, each typed for the matchers the dispatch below hands it. */
const KINDS = Object.values(MATCHER_KINDS) as readonly MatcherKind<Matcher>[];

function kindOf(m: Matcher): MatcherKind<Matcher> {
  return MATCHER_KINDS[m.kind];
}

const SCALAR_KINDS = KINDS.filter((k) => k.scalar).sort((a, b) => a.scalar!.rank - b.scalar!.rank);
const MAP_KINDS = KINDS.filter((k) => k.map);
const MAP_FORMS = MAP_KINDS.map((k) => k.map!.key);
const MAP_KEYS = [...new Set(MAP_KINDS.flatMap((k) => [k.map!.key, ...k.map!.companions]))];

/** Whether a kind may stand at `place`: inside until, each and payload only kinds that judge one unit. */
function placeProblem(kind: MatcherKind<Matcher>, name: string, place: MatcherPlace): string | undefined {
  if (place === 'stream' || kind.judgeUnit) return undefined;
  return `${name} cannot stand inside until, each or a frame payload${kind.placeHint ? `; ${kind.placeHint}` : ''}`;
}

function read(ctx: ReadContext, node: unknown, place: MatcherPlace): Matcher | undefined {
  const s = scalarString(node);
  if (s !== undefined) {
    const kind = SCALAR_KINDS.find((k) => k.scalar!.claims(s));
    if (kind) {
      const bad = placeProblem(kind, kind.spelling, place);
      if (bad) {
        ctx.src.problem(node, bad);
        return undefined;
      }
      return kind.scalar!.read(ctx, node, s, place);
    }
  }
  if (isScalar(node) && (typeof node.value === 'number' || typeof node.value === 'boolean')) {
    ctx.src.problem(
      node,
      `expect: found ${describeNode(node)}; quote it to expect it as text ("${String(node.value)}")`,
    );
    return undefined;
  }
  if (!isMap(node)) {
    ctx.src.problem(
      node,
      `expect: expects one of ${KINDS.map((k) => k.spelling).join(', ')}; found ${describeNode(node)}`,
    );
    return undefined;
  }
  const fields = mapFields(ctx, node, MAP_KEYS, 'a matcher');
  if (!fields) return undefined;
  const forms = MAP_KINDS.filter((k) => fields.has(k.map!.key));
  if (forms.length !== 1) {
    ctx.src.problem(
      node,
      `a matcher map takes exactly one of ${MAP_FORMS.join(', ')}; found ${forms.length ? forms.map((k) => k.map!.key).join(' and ') : 'none'}`,
    );
    return undefined;
  }
  const kind = forms[0]!;
  const form = kind.map!;
  for (const key of fields.keys()) {
    if (key !== form.key && !form.companions.includes(key)) {
      ctx.src.problem(
        fields.get(key)!.key,
        `"${key}" does not go with "${form.key}"; ${form.key} takes ${form.companions.join(', ') || 'nothing else'}`,
      );
      return undefined;
    }
  }
  const bad = placeProblem(kind, form.key, place);
  if (bad) {
    ctx.src.problem(node, bad);
    return undefined;
  }
  return form.read(ctx, fields, place, matchers);
}

/** The table as the kinds see it: dispatch by kind for the matchers nested in theirs. */
const matchers: Matchers = {
  read,
  expectation: (m, vars, limits) => kindOf(m).expectation(m, vars, limits, matchers),
  judgeUnit(m, unit, isLine, vars) {
    const kind = kindOf(m);
    // The loader admits only kinds that judge units inside until, each and payload.
    if (!kind.judgeUnit) throw new Error(`matcher ${m.kind} cannot judge a single unit`);
    return kind.judgeUnit(m, unit, isLine, vars, matchers);
  },
  refusesFirstByte: (m, byte) => kindOf(m).refusesFirstByte?.(m, byte) ?? false,
  describe: (m, vars) => kindOf(m).describe(m, vars, matchers),
  captures: (m) => kindOf(m).captures(m, matchers),
  templates: (m) => kindOf(m).templates(m, matchers),
  warnings: (m) => kindOf(m).warnings?.(m, matchers) ?? [],
};

/** Reads a matcher written at `place`, reporting problems at their FILE:LINE:COLUMN. */
export function readMatcherNode(ctx: ReadContext, node: unknown, place: MatcherPlace): Matcher | undefined {
  return read(ctx, node, place);
}

/** The expectation that plays matcher `m`, with `vars` as they stand when the step begins. */
export function expectationFor(m: Matcher, vars: Vars, limits: MatchLimits = DEFAULT_LIMITS): Expectation {
  return matchers.expectation(m, vars, limits);
}

/**
 * Whether `unit` satisfies `m` as a whole. For a line (`isLine`), a regex is
 * tested against the line without its ending; exact forms may include or
 * leave out the ending.
 */
export function judgeUnit(m: Matcher, unit: Buffer, isLine: boolean, vars: Vars): UnitVerdict {
  return matchers.judgeUnit(m, unit, isLine, vars);
}

/** The matcher in words, for "expected …" in reports. */
export function describeMatcher(m: Matcher, vars: Vars): string {
  return matchers.describe(m, vars);
}

/** The variables a match of `m` may store. */
export function matcherCaptures(m: Matcher): string[] {
  return matchers.captures(m);
}

/** The `${...}` templates `m` reads. */
export function matcherTemplates(m: Matcher): Template[] {
  return matchers.templates(m);
}

/** Legal but surely wrong about `m`. */
export function matcherWarnings(m: Matcher): MatcherWarning[] {
  return matchers.warnings(m);
}
