import { loadSpecText } from './load';
import { inOneShape, STEP_FIELDS } from './step-shape';

const everyKind = `name: every kind
steps:
  - connect: { name: other, target: "127.0.0.1:1" }
  - send: "hello\\n"
    on: other
    note: says hello
  - expect: "hi\\n"
    on: other
  - silence: 10ms
  - sleep: 5ms
  - starttls
  - shutdown
  - reset
  - close
`;

describe('loaded steps all have one object shape', () => {
  const steps = loadSpecText('k.yaml', everyKind).steps;

  it('gives every step every field, in one order, whatever its kind', () => {
    expect(new Set(steps.map((s) => s.kind)).size).toBe(9);
    for (const s of steps) expect(Object.keys(s)).toEqual(STEP_FIELDS);
  });

  it('keeps what each step says: its own fields as read, the other kinds’ fields undefined', () => {
    const send = steps[1]!;
    expect(send).toMatchObject({ kind: 'send', index: 2, on: 'other', note: 'says hello', fuzz: true });
    expect(send.kind === 'send' && send.payload).toBeTruthy();
    expect((send as unknown as Record<string, unknown>).matcher).toBeUndefined();
    expect(steps[0]).toMatchObject({ kind: 'connect', name: 'other', on: 'other', target: { name: '127.0.0.1:1' } });
    expect(steps[3]).toMatchObject({ kind: 'silence', duration: 10 });
  });

  it('copies a step field by field', () => {
    const s = steps[3]!;
    expect(inOneShape(s)).toEqual(s);
    expect(inOneShape(s)).not.toBe(s);
  });
});
