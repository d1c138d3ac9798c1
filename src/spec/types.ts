/**
 * A loaded spec: everything checked and resolved, with the source position of
 * every step, ready for a peer to play. Nothing here touches a socket.
 */
import type { SourceLocation } from '../errors';

/** Text with `${name}` references, split at load time so substitution is a join. */
export interface Template {
  readonly source: string;
  readonly parts: readonly (string | { readonly ref: string })[];
  readonly loc: SourceLocation;
}

/** The length headers of `frame:` matchers: the framing decoders' own. */
export type { LengthHeader as FrameHeader } from '../framing/length-prefix-decoder';
import type { LengthHeader as FrameHeader } from '../framing/length-prefix-decoder';

export type Payload =
  | { readonly kind: 'text'; readonly text: Template }
  | { readonly kind: 'bytes'; readonly bytes: Buffer; readonly form: 'hex' | 'base64' | 'file' }
  | { readonly kind: 'repeat'; readonly text: Template; readonly times: number };

/** A regular expression as written, whose `${var}` references are filled in (escaped) when it runs. */
export interface RegexSource {
  readonly pattern: Template;
  readonly flags: string;
  /** Named groups, which become variables on a match. */
  readonly groups: readonly string[];
}

export type Matcher =
  | { readonly kind: 'text'; readonly text: Template }
  | { readonly kind: 'hex'; readonly bytes: Buffer }
  | { readonly kind: 'repeat'; readonly text: Template; readonly times: number }
  | { readonly kind: 'regex'; readonly regex: RegexSource }
  | { readonly kind: 'bytes'; readonly count: number; readonly match?: RegexSource; readonly as?: string }
  | { readonly kind: 'until'; readonly until: Matcher; readonly each?: Matcher }
  | { readonly kind: 'frame'; readonly header: FrameHeader; readonly payload?: Matcher }
  | { readonly kind: 'eof' };

interface StepBase {
  /** 1-based position in `steps`. */
  readonly index: number;
  readonly loc: SourceLocation;
  /** Milliseconds this step may wait: its own `timeout:` or the spec's. */
  readonly timeout: number;
  readonly note?: string;
}

export type Step = StepBase &
  (
    | { readonly kind: 'send'; readonly payload: Payload }
    | { readonly kind: 'expect'; readonly matcher: Matcher }
    | { readonly kind: 'silence'; readonly duration: number }
    | { readonly kind: 'sleep'; readonly duration: number }
    | { readonly kind: 'shutdown' }
    | { readonly kind: 'close' }
    | { readonly kind: 'reset' }
  );

export type StepKind = Step['kind'];
export const STEP_KINDS: readonly StepKind[] = ['send', 'expect', 'silence', 'sleep', 'shutdown', 'close', 'reset'];

export interface FuzzSettings {
  readonly runs: number;
  readonly split: boolean;
  readonly coalesce: boolean;
  /**
   * Extra pause between pieces, as an inclusive range in milliseconds, when
   * the spec sets `delay`; unset, none beyond what delivery needs (a
   * confirmed read, or the timed gap: see src/fuzz/delivery/).
   */
  readonly delay?: { readonly min: number; readonly max: number };
  readonly slowReader: boolean;
  readonly seed?: number;
  /** Cases run at once, each on its own connections (default 1); shrinking and replay stay one at a time. */
  readonly parallel?: number;
}

export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

/** Something legal but almost surely wrong; shown by `validate`, never fatal. */
export interface SpecWarning extends SourceLocation {
  readonly message: string;
}

export interface Spec {
  /** The path as the user gave it (used in every message). */
  readonly file: string;
  /** The folder `file:` payloads may not leave. */
  readonly root: string;
  readonly name: string;
  readonly description?: string;
  readonly target?: { readonly name: string; readonly loc: SourceLocation };
  readonly role: 'client' | 'server';
  /** Default wait for every step, in milliseconds. */
  readonly timeout: number;
  readonly vars: Readonly<Record<string, string>>;
  readonly steps: readonly Step[];
  readonly listen: ListenAddress;
  readonly connections: number;
  readonly fuzz: FuzzSettings;
  readonly warnings: readonly SpecWarning[];
}

export const DEFAULT_TIMEOUT_MS = 5000;
export const DEFAULT_FUZZ: FuzzSettings = {
  runs: 100,
  split: true,
  coalesce: true,
  slowReader: true,
};
