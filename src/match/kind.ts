/**
 * The shape of one matcher kind (src/match/kinds/): everything tcpspec knows
 * about a form of `expect:` lives in its module behind this interface, and
 * src/match/registry.ts lists every kind in one table the compiler checks.
 */
import type { SourceLocation } from '../errors';
import type { ReadContext } from '../yaml/read-basics';
import type { Vars } from '../spec/template';
import type { Matcher, Template } from '../spec/types';
import type { Pair } from '../yaml/yaml-source';
import type { StreamView } from '../stream/view';
import type { Captures, MatchLimits, Progress } from './progress';

/**
 * Where a matcher stands: `stream` reads the incoming bytes (an `expect:`);
 * `line` judges one complete line (`until`, `each`); `unit` judges one
 * complete frame body (`payload`).
 */
export type MatcherPlace = 'stream' | 'line' | 'unit';

/** A matcher played over the incoming bytes as they arrive. */
export interface Expectation {
  /**
   * Looks at the unread bytes; `ended` says the other side closed its sending
   * direction. On `matched` it has consumed exactly what it matched; until
   * then it may consume what it has already compared (the peer never gives
   * those bytes to anyone else).
   */
  advance(input: StreamView, ended: boolean): Progress;
  /** What it still waits for, in words ("a line matching /220 .*\/", "12 more bytes of …"). */
  awaiting(input: StreamView): string;
  /**
   * Forgets the bytes it has judged, as if just made: one expectation then
   * judges message after message (until's `each`) without a new one for each.
   */
  restart?(): void;
}

/** Whether one complete unit (a line, a frame body) satisfies a matcher. */
export type UnitVerdict =
  | { readonly ok: true; readonly captures: Captures }
  | { readonly ok: false; readonly offset?: number; readonly reason?: string };

/** Something legal but almost surely wrong about a matcher, found at load time. */
export interface MatcherWarning {
  /** Where; the step's own location when absent. */
  readonly loc?: SourceLocation;
  readonly message: string;
}

/**
 * The whole set of kinds, as a kind sees it: how to read, play, judge and
 * describe the matchers nested inside it (until's lines, a frame's payload,
 * any's alternatives) without importing the registry.
 */
export interface Matchers {
  read(ctx: ReadContext, node: unknown, place: MatcherPlace): Matcher | undefined;
  expectation(m: Matcher, vars: Vars, limits: MatchLimits): Expectation;
  judgeUnit(m: Matcher, unit: Buffer, isLine: boolean, vars: Vars): UnitVerdict;
  /** True when no message starting with `byte` can satisfy `m` (false when the kind cannot tell). */
  refusesFirstByte(m: Matcher, byte: number): boolean;
  describe(m: Matcher, vars: Vars): string;
  captures(m: Matcher): string[];
  templates(m: Matcher): Template[];
  warnings(m: Matcher): MatcherWarning[];
}

/** How a kind is written as a YAML map: `{ KEY: value, COMPANION: value, ... }`. */
export interface MapForm<M extends Matcher> {
  /** The key that selects this kind (`hex`, `until`, ...). */
  readonly key: string;
  /** Keys that may stand beside it (`each` beside `until`). */
  readonly companions: readonly string[];
  /** Reads the map, whose keys are already checked; reports its own problems and returns undefined on any. */
  read(ctx: ReadContext, fields: ReadonlyMap<string, Pair>, place: MatcherPlace, all: Matchers): M | undefined;
}

/** How a kind is written as a plain string (`eof`, `/regex/`, exact text). */
export interface ScalarForm<M extends Matcher> {
  /** Lower ranks are asked first; the first kind whose `claims` is true reads the string. */
  readonly rank: number;
  claims(text: string): boolean;
  read(ctx: ReadContext, node: unknown, text: string, place: MatcherPlace): M | undefined;
}

export interface MatcherKind<M extends Matcher> {
  /** One line for the matcher table in messages ("{ hex }", "/regex/"). */
  readonly spelling: string;
  readonly scalar?: ScalarForm<M>;
  readonly map?: MapForm<M>;
  /**
   * Judges one complete line or frame body: a kind with it may stand inside
   * until, each and payload; one without it only directly under `expect:`.
   */
  judgeUnit?(m: M, unit: Buffer, isLine: boolean, vars: Vars, all: Matchers): UnitVerdict;
  /**
   * True when no message starting with `byte` can satisfy `m`, whatever
   * follows: a cheap "not this" for until's terminator, tried on every
   * message. Without it, a kind is always played.
   */
  refusesFirstByte?(m: M, byte: number): boolean;
  /** Said when the kind stands where it cannot, after "X cannot stand inside until, each or a frame payload". */
  readonly placeHint?: string;
  expectation(m: M, vars: Vars, limits: MatchLimits, all: Matchers): Expectation;
  describe(m: M, vars: Vars, all: Matchers): string;
  /** The variables a match stores. */
  captures(m: M, all: Matchers): string[];
  /** The `${...}` templates it reads from outside the match (not its own earlier captures), for the variables check. */
  templates(m: M, all: Matchers): Template[];
  warnings?(m: M, all: Matchers): MatcherWarning[];
  /** Spellings of this kind as parsed YAML, each of which the JSON Schema must accept. */
  readonly samples: readonly unknown[];
}
