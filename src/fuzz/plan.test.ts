import fc from 'fast-check';
import { loadSpecText } from '../load/load';
import { piecesOf } from './apply-plan';
import { chunkPlanArbitrary, interestingCuts, MAX_CUTS, sendsOf } from './arbitrary';
import { describePlan, PLAIN_PLAN } from './plan';

describe('describePlan says what a case changed, in words', () => {
  it.each([
    [PLAIN_PLAN, 'no reshaping: every send written whole, replies read at full speed'],
    [
      {
        ...PLAIN_PLAN,
        sends: [
          { cuts: [], gapMs: 0 },
          { cuts: [7, 3], gapMs: 5 },
        ],
      },
      'send #2 (step 4) split after bytes 3 and 7, 5 ms extra pauses',
    ],
    [{ ...PLAIN_PLAN, sends: [{ cuts: [1], gapMs: 0 }] }, 'send #1 (step 2) split after byte 1'],
    [{ ...PLAIN_PLAN, coalesce: [false, true] }, 'sends #2 and #3 written as one'],
    [
      { ...PLAIN_PLAN, reader: { stallMs: 150, pauseMs: 3 } },
      'replies read slowly (nothing for 150 ms, then 3 ms after each read)',
    ],
    [{ ...PLAIN_PLAN, shutdownDelayMs: 4 }, 'half-close 4 ms after the data'],
  ])('%j', (plan, words) => {
    expect(describePlan(plan, [2, 4, 6])).toBe(words);
  });
});

describe('piecesOf', () => {
  it.each([
    [
      [3, 7],
      10,
      [
        { end: 3, pauseBefore: 0 },
        { end: 7, pauseBefore: 5 },
        { end: 10, pauseBefore: 5 },
      ],
    ],
    [
      [7, 3, 3],
      10,
      [
        { end: 3, pauseBefore: 0 },
        { end: 7, pauseBefore: 5 },
        { end: 10, pauseBefore: 5 },
      ],
    ],
    [[0, 10, 12], 10, [{ end: 10, pauseBefore: 0 }]],
    [[], 0, [{ end: 0, pauseBefore: 0 }]],
  ])('cuts %j of %i bytes', (cuts, length, pieces) => {
    expect(piecesOf(cuts, 5, length)).toEqual(pieces);
  });

  it('always covers every byte once, in order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -5, max: 300 })), fc.integer({ min: 1, max: 256 }), (cuts, length) => {
        const pieces = piecesOf(cuts, 1, length);
        expect(pieces[pieces.length - 1]!.end).toBe(length);
        pieces.forEach((p, i) => expect(p.end).toBeGreaterThan(i === 0 ? 0 : pieces[i - 1]!.end));
      }),
    );
  });
});

describe('the pause between pieces', () => {
  const pauses = (yaml: string): number[] => {
    const spec = loadSpecText('d.yaml', `name: d\n${yaml}steps:\n  - send: "hello"\n`);
    return fc.sample(chunkPlanArbitrary(spec, spec.fuzz), { numRuns: 200, seed: 1 }).map((p) => p.sends[0]!.gapMs);
  };

  it("is the spec's fuzz.delay exactly when it sets one", () => {
    const gaps = pauses('fuzz: { delay: 7-9ms }\n');
    expect(Math.min(...gaps)).toBe(7);
    expect(Math.max(...gaps)).toBe(9);
  });

  it('adds nothing when the spec sets none: delivery alone keeps the pieces apart', () => {
    expect(new Set(pauses(''))).toEqual(new Set([0]));
  });
});

describe('cut positions favour the places framing code gets wrong', () => {
  it('marks the header bytes, the middle of CRLF, the start of a line and the inside of a UTF-8 character', () => {
    expect(interestingCuts(Buffer.from('AB\r\nCé\n'))).toEqual([1, 2, 3, 4, 6, 7]);
  });

  it('keeps each generated plan within the spec: one shape per send, at most MAX_CUTS cuts inside the payload', () => {
    const spec = loadSpecText(
      'f.yaml',
      'name: f\nsteps:\n  - send: "hello world\\r\\n"\n  - send: "x"\n  - expect: "ok"\n  - send: { repeat: "y", times: 100000 }\n',
    );
    const sends = sendsOf(spec);
    expect(sends.map((s) => [s.step, s.length])).toEqual([
      [1, 13],
      [2, 1],
      [4, 100000],
    ]);
    fc.assert(
      fc.property(chunkPlanArbitrary(spec, spec.fuzz), (plan) => {
        expect(plan.sends).toHaveLength(3);
        expect(plan.coalesce).toEqual([plan.coalesce[0], false]);
        expect(plan.sends[1]!.cuts).toEqual([]);
        plan.sends.forEach((s, i) => {
          expect(s.cuts.length).toBeLessThanOrEqual(MAX_CUTS);
          s.cuts.forEach((c) => expect(c > 0 && c < sends[i]!.length).toBe(true));
          expect(s.gapMs).toBe(0);
        });
      }),
    );
  });
});

describe('a `fuzz: false` send', () => {
  it('gets no cuts in any plan, so no case claims a split that was never made', () => {
    const spec = loadSpecText(
      'w.yaml',
      'name: w\nsteps:\n  - send: "AUTH secret\\r\\n"\n    fuzz: false\n  - send: "hello world\\r\\n"\n',
    );
    const plans = fc.sample(chunkPlanArbitrary(spec, spec.fuzz), { seed: 7, numRuns: 300 });
    expect(plans.every((p) => p.sends[0]!.cuts.length === 0)).toBe(true);
    // The other send is still split.
    expect(plans.some((p) => p.sends[1]!.cuts.length > 0)).toBe(true);
  });
});

describe('shrinking reaches the fewest cuts', () => {
  const spec = loadSpecText(
    's.yaml',
    'name: s\nfuzz: { slow_reader: false }\nsteps:\n  - send: "abcdefghijklmnopqrstuvwxyz"\n',
  );

  it.each([1, 2, 3, 4, 5])('a case that fails whenever byte 2 is cut shrinks to that one cut (seed %i)', (seed) => {
    const details = fc.check(
      fc.property(chunkPlanArbitrary(spec, spec.fuzz), (plan) => !plan.sends[0]!.cuts.includes(2)),
      { seed, numRuns: 500 },
    );
    expect(details.failed).toBe(true);
    expect(details.counterexample![0].sends[0]!.cuts).toEqual([2]);
  });

  it('keeps two cuts only when one alone never fails', () => {
    for (const seed of [1, 2, 3, 4]) {
      const details = fc.check(
        fc.property(chunkPlanArbitrary(spec, spec.fuzz), (plan) => {
          const cuts = plan.sends[0]!.cuts;
          return !(cuts.length >= 2 && cuts.includes(1));
        }),
        { seed, numRuns: 500 },
      );
      expect([...details.counterexample![0].sends[0]!.cuts].sort((a, b) => a - b)).toEqual([1, 2]);
    }
  });
});
