/**
 * The one verdict of a spec, whether it was run once or fuzzed: passed, failed
 * (the thing under test misbehaved: exit 1) or error (the input was unusable:
 * exit 2). Every result, report and summary spells it with this type.
 */
export const VERDICTS = ['passed', 'failed', 'error'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** The verdict a failure (or none) stands for: a failure whose exit status is 2 is an error. */
export function verdictOf(failure: { readonly exitStatus: 1 | 2 } | undefined): Verdict {
  if (!failure) return 'passed';
  return failure.exitStatus === 2 ? 'error' : 'failed';
}

const LABELS = { passed: 'PASS', failed: 'FAIL', error: 'ERROR' } as const satisfies Record<Verdict, string>;
export type VerdictLabel = (typeof LABELS)[Verdict];

/** `PASS`, `FAIL` or `ERROR`, as reports print it. */
export function verdictLabel(v: Verdict): VerdictLabel {
  return LABELS[v];
}
