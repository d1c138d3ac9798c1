import { loadSpecText } from '../../load/load';
import { encodeStruct } from '../../struct/encode';
import { FAR_BEYOND, caseWords, lyingCases } from './cases';

const spec = (steps: string): ReturnType<typeof loadSpecText> =>
  loadSpecText('specs/lies.yaml', `name: lies\ntarget: record-server\nsteps:\n${steps}`);

describe('lying-length cases', () => {
  it('gives a length field 0, 1, its maximum, the truth minus and plus one, and one far beyond, in that order', () => {
    const cases = lyingCases(
      spec(`  - send:
      struct:
        - u16be: 1
        - u32be: { length: rest }
          name: length
        - text: "hello"
`),
    );
    expect(cases.map((c) => [c.number, c.claim, c.value])).toEqual([
      [1, 'zero', 0n],
      [2, 'one', 1n],
      [3, 'maximum', 4294967295n],
      [4, 'truth-1', 4n],
      [5, 'truth+1', 6n],
      [6, 'far-beyond', 5n + FAR_BEYOND],
    ]);
    expect(caseWords(cases[0]!)).toBe('send #1 (step 1): field 2 "length" (u32be length) = 0 (true length 5)');
  });

  it('leaves out a claim that equals the truth or does not fit, and says a value once', () => {
    // A u8 counting one byte: truth 1 (so "one" is the truth and "truth-1" is 0), and 1001 does not fit.
    const cases = lyingCases(spec(`  - send:\n      struct:\n        - u8: { length: rest }\n        - text: "x"\n`));
    expect(cases.map((c) => [c.claim, c.value])).toEqual([
      ['zero', 0n],
      ['maximum', 255n],
      ['truth+1', 2n],
    ]);
  });

  it('finds length fields at any depth, numbers sends across the spec, and skips sends without any', () => {
    const cases = lyingCases(
      spec(`  - send: "plain\\n"
  - expect: "ok\\n"
  - send:
      struct:
        - u8: 7
        - struct:
            - u16be: { length: next }
            - text: "abc"
`),
    );
    expect(new Set(cases.map((c) => c.field))).toEqual(new Set(['field 2.1 (u16be length)']));
    expect(cases.every((c) => c.send === 2 && c.step === 3 && c.at === 2)).toBe(true);
  });

  it('makes the encoder write the lie in the field and nothing else', () => {
    const loaded = spec(
      `  - send:\n      struct:\n        - u16be: 1\n        - u32be: { length: rest }\n        - text: "hello"\n`,
    );
    const [, , , , truthPlusOne] = lyingCases(loaded);
    const step = loaded.steps[0]!;
    if (step.kind !== 'send' || step.payload.kind !== 'struct') throw new Error('not a struct send');
    const honest = encodeStruct(step.payload.fields, new Map()).bytes;
    const lying = encodeStruct(step.payload.fields, new Map(), truthPlusOne!.lie).bytes;
    expect(lying.toString('hex')).toBe('0001' + '00000006' + Buffer.from('hello').toString('hex'));
    expect(lying.subarray(6)).toEqual(honest.subarray(6));
  });
});
