// Run by test/unit/fuzz-client.test.ts in a jest of its own: two tests time out with a mock open, a third looks.
import * as net from 'node:net';
import { fuzzClient, mockServer, openMockCount } from '../../../src/jest';
import { loadSpecText } from '../../../src/load/load';

// The expect would wait a minute: only the hooks can close the mock in time.
const spec = loadSpecText(
  'specs/waits.yaml',
  'name: a mock that waits\nrole: server\ntimeout: 60s\nsteps:\n  - expect: "HELLO\\n"\n  - send: "hi\\n"\n',
);
const seen: { host: string; port: number }[] = [];

function refused(address: { host: string; port: number }): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(address.port, address.host);
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });
}

test('a fuzzed client that never settles outlives the test', async () => {
  await fuzzClient(spec, (address) => {
    seen.push(address);
    return new Promise(() => undefined);
  });
}, 500);

test('a mock server whose test never asks for its result outlives the test', async () => {
  seen.push(await mockServer(spec));
  await new Promise(() => undefined);
}, 500);

test('nothing listens after them', async () => {
  expect(seen.length).toBe(2);
  for (const address of seen) expect(await refused(address)).toBe(true);
  expect(openMockCount()).toBe(0);
});
