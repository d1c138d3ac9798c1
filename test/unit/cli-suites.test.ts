/** `suite:NAME`: the spec collections that ship with tcpspec, named wherever a path is taken. */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { cli, lastLine } from './cli-io';

const SPECS = path.join(__dirname, '..', '..', 'specs');

describe('suite:NAME', () => {
  it('names the specs/NAME collection of the installed package', async () => {
    const r = await cli(['validate', 'suite:redis']);
    const count = fs.readdirSync(path.join(SPECS, 'redis')).filter((f) => /\.ya?ml$/.test(f)).length;
    expect(r.out.match(/^OK /gm)).toHaveLength(count);
    expect(r.out).toContain(`OK ${path.join(SPECS, 'redis', 'ping.yaml')}`);
    expect(lastLine(r.out)).toBe(`${count} passed, 0 failed`);
    expect(r.status).toBe(0);
  });

  it("runs a suite against the user's own server with --target", async () => {
    // An echo server stands in for the user's: the textbook echo specs pass against it.
    const server = net.createServer((s) => {
      s.on('error', () => undefined);
      s.pipe(s);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as net.AddressInfo).port;
      // Of textbook's eight specs, shard 1/8 is the first by path: echo-binary.yaml.
      const r = await cli(['run', 'suite:textbook', '--target', `127.0.0.1:${port}`, '--shard', '1/8']);
      expect(r.out).toMatch(/^PASS .*specs\/textbook\/echo-binary\.yaml/m);
      expect(lastLine(r.out)).toBe('1 passed, 0 failed');
      expect(r.status).toBe(0);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('exits 2 for an unknown suite, listing the known ones', async () => {
    const r = await cli(['run', 'suite:nosuch']);
    expect(r.err).toMatch(/unknown suite "nosuch"; the suites that ship with tcpspec are: .*suite:redis.*suite:smtp/);
    expect(r.status).toBe(2);
  });
});
