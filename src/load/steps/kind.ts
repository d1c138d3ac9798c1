/**
 * The shape of one step kind as the loader sees it (src/load/steps/): how it
 * is written in YAML and read, what it asks of the spec around it, the
 * variables it reads and stores, and what it does on its connection, which is
 * all fuzz planning needs to know of it. registry.ts lists every kind in one
 * table the compiler checks; the peer plays each kind with its player in
 * src/peer/steps/.
 */
import type { SourceLocation } from '../../errors';
import type { ReadContext } from '../../yaml/read-basics';
import type { Step, StepKind, Template } from '../../spec/types';

/** The step of kind `K`, with the options every step shares. */
export type StepOf<K extends StepKind> = Extract<Step, { readonly kind: K }>;

/** The options every step shares, read by the dispatcher (read-steps.ts) and not by the kinds. */
export type SharedStepField = 'kind' | 'index' | 'loc' | 'timeout' | 'note' | 'on' | 'fuzz';

/** What a kind's reader returns: the step's own fields. */
export type StepFields<K extends StepKind> = Omit<StepOf<K>, SharedStepField>;

/** Where the value being read stands. */
export interface StepAt {
  /** 1-based position in `steps:`, for "step N: ..." in messages. */
  readonly index: number;
  /** Where a problem with the value points: the value, or the kind's key (or bare word) when there is none. */
  readonly node: unknown;
}

/**
 * What a step does on its connection, as the loader's checks and fuzz
 * planning (src/fuzz/plan-steps.ts) see it:
 * - `writes`: sends bytes; a plan may split them and merge them with the next
 *   write (only these take `fuzz: false`); none may follow `ends-sending`.
 * - `reads`: waits for the other side's bytes, which a correct peer still
 *   owes after our FIN: a plan may send an early FIN before it.
 * - `waits`: only time passes; two writes around it may still be written as one.
 * - `ends-sending`: closes our sending direction (FIN), which a plan may send early.
 * - `ends`: ends the connection; a later step on it is warned about.
 * - `other`: none of these; a write is never merged across it, and an early FIN never moves past it.
 */
export type StepEffect = 'writes' | 'reads' | 'waits' | 'ends-sending' | 'ends' | 'other';

/** What a step's checks may know of the spec around it. */
export interface StepSurroundings {
  readonly role: 'client' | 'server';
  /** The line of a top-level `connections:`, when the spec has one. */
  readonly connectionsLine: number | undefined;
}

/** Something legal but almost surely wrong about a step, found at load time. */
export interface StepWarning {
  /** Where; the step's own location when absent. */
  readonly loc?: SourceLocation;
  readonly message: string;
}

export interface StepDefinition<K extends StepKind> {
  /** Whether the kind may stand alone as a bare word (`- close`); `read` then gets no value. */
  readonly bare: boolean;
  /**
   * Reads the value under the kind's key (undefined for a bare word, a null
   * scalar for `kind:` with nothing after it). Reports its own problems,
   * prefixed `step N: `, and returns undefined on any.
   */
  read(ctx: ReadContext, value: unknown, at: StepAt): StepFields<K> | undefined;
  /**
   * The connection a step of this kind opens (connect, accept): it acts on
   * that name, and `on:` does not apply to it.
   */
  opens?(step: StepFields<K>): string;
  /** The one role the kind may stand in, and what to say when it stands in the other. */
  readonly onlyIn?: { readonly role: 'client' | 'server'; problem(step: StepOf<K>): string };
  /** A problem with the step given the rest of the spec, or undefined. */
  check?(step: StepOf<K>, around: StepSurroundings): string | undefined;
  readonly effect: StepEffect;
  /** The `${...}` templates it reads, for the variables check. */
  templates?(step: StepOf<K>): Template[];
  /** The variables it stores. */
  captures?(step: StepOf<K>): string[];
  /** What `validate` warns about. */
  warnings?(step: StepOf<K>): StepWarning[];
  /**
   * Its own fields, each once: every loaded step is given every kind's
   * fields, in one object shape (see step-shape.ts).
   */
  readonly fields: { readonly [F in keyof StepFields<K>]-?: true };
  /** Steps of this kind as parsed YAML, each of which the loader and the JSON Schema must accept (test/unit/schema.test.ts). */
  readonly samples: readonly unknown[];
}
