/**
 * What an expectation says after looking at the unread bytes. The peer turns
 * these into typed errors with the step attached; matchers know no steps.
 */
import type { VarValue } from '../spec/template';

/** What a match stores, by variable name: text, or bytes exactly as they arrived. */
export type Captures = Record<string, VarValue>;

export type Progress =
  /** More bytes could still satisfy it. */
  | { readonly state: 'pending' }
  /** Satisfied; what it matched has been consumed. */
  | { readonly state: 'matched'; readonly captures: Captures }
  /** The bytes cannot satisfy it, whatever arrives next. */
  | {
      readonly state: 'mismatch';
      readonly expected: string;
      readonly received: Buffer;
      /** First differing byte, counted from where this expectation began reading. */
      readonly offset?: number;
      /** Absolute stream offset of `received[0]`. */
      readonly streamOffset: number;
      /**
       * Absolute stream offset just past the last byte the verdict depended on
       * (`received` may show more, as context, when more had arrived); by
       * default the end of `received`.
       */
      readonly decidedAt?: number;
      readonly reason?: string;
      /** The field of a `struct` that decided it, in `received` offsets, for reports that mark it. */
      readonly field?: { readonly label: string; readonly start: number; readonly end: number };
    }
  /** The stream ended first. */
  | { readonly state: 'ended' }
  /** One unit (line, frame, captured bytes) would exceed the memory limit. */
  | { readonly state: 'overflow'; readonly limit: number };

export const PENDING: Progress = { state: 'pending' };

/** What a match that stores nothing captured: one frozen object for all of them. */
export const NO_CAPTURES: Captures = Object.freeze({});
/** A match that stored nothing: one object, since a block of binary messages may match millions of them. */
export const MATCHED_NOTHING: Progress = Object.freeze({ state: 'matched', captures: NO_CAPTURES });
export const ENDED: Progress = { state: 'ended' };

export interface MatchLimits {
  /** The most bytes one line, frame or captured span may hold before it fails. */
  readonly maxUnit: number;
}

export const DEFAULT_LIMITS: MatchLimits = { maxUnit: 16 * 1024 * 1024 };
