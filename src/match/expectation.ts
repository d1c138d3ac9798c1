/**
 * Stream expectations: each reads the unread bytes as they arrive and says
 * whether it is still pending, matched (and consumed what it matched), or
 * cannot match. An expectation never passes on a partial line or frame, and
 * its verdict never depends on how the bytes were split: it looks at the
 * unread bytes, not at the chunks they came in. Each matcher kind plays its
 * own (src/match/kinds/); this is the peer's entry point.
 */
export type { Expectation } from './kind';
export { expectationFor } from './registry';
