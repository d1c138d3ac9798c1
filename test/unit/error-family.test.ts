/** One error family: every error a user can cause is a TcpspecError with a stable code, its data and a message. */
import * as net from 'node:net';
import {
  DecoderConfigError,
  ErrorCode,
  FramingError,
  LengthPrefixDecoder,
  LineDecoder,
  ListenError,
  TargetMissingError,
  TcpspecError,
} from '../../src';
import { playAsClient } from '../../src/peer/client';
import { listenAsServer } from '../../src/peer/server';
import { runSpec } from '../../src/run/run-spec';
import { loadSpecText } from '../../src/load/load';
import { rawServer } from './raw-server';

describe('the error family', () => {
  it('gives every kind its own TCPSPEC_ code', () => {
    const codes = Object.values(ErrorCode);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^TCPSPEC_[A-Z_]+$/);
  });

  it('reports an address that cannot be bound as ListenError, with the system error as its cause', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as net.AddressInfo;
    try {
      const spec = loadSpecText('specs/mock.yaml', 'name: mock\nrole: server\nsteps:\n  - close\n');
      const listening = listenAsServer(spec, { listen: { host: '127.0.0.1', port } });
      await expect(listening).rejects.toBeInstanceOf(ListenError);
      await expect(listening).rejects.toMatchObject({
        code: 'TCPSPEC_LISTEN',
        exitStatus: 2,
        message: `cannot listen on 127.0.0.1:${port}: EADDRINUSE`,
        port,
        cause: { code: 'EADDRINUSE' },
      });
    } finally {
      taken.close();
    }
  });

  it('makes a client-role spec without a target a TargetMissingError (exit 2), not a usage error', async () => {
    const r = await runSpec(loadSpecText('specs/lonely.yaml', 'name: lonely\nsteps:\n  - close\n'));
    expect(r.status).toBe('error');
    expect(r.failure).toBeInstanceOf(TargetMissingError);
    expect(r.failure).toMatchObject({ code: 'TCPSPEC_TARGET_MISSING', exitStatus: 2 });
    expect(r.failure!.message).toBe(
      'specs/lonely.yaml: the spec names no target; add "target: NAME" or pass --target HOST:PORT',
    );
  });

  it('makes a connect.target that names a target where nothing can start one a TargetMissingError at its position', async () => {
    const spec = loadSpecText(
      'specs/two.yaml',
      'name: two\ntimeout: 1s\nsteps:\n  - connect: { name: other, target: elsewhere }\n',
    );
    const main = await rawServer(() => undefined);
    const played = playAsClient(spec, main.address).finally(() => main.close());
    await expect(played).rejects.toBeInstanceOf(TargetMissingError);
    await expect(played).rejects.toMatchObject({
      code: 'TCPSPEC_TARGET_MISSING',
      exitStatus: 2,
      file: 'specs/two.yaml',
      target: 'elsewhere',
      where: { file: 'specs/two.yaml', line: 4, column: 37 },
      message:
        'specs/two.yaml:4:37: connect.target "elsewhere" names a target, and nothing here can start one; give HOST:PORT',
    });
  });

  it('counts the framing decoders in: their errors are TcpspecErrors with codes of the family', () => {
    let caught: unknown;
    try {
      new LineDecoder({ maxLineLength: 4 }).feed(Buffer.from('toolong'));
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(FramingError);
    expect(caught).toBeInstanceOf(TcpspecError);
    expect(caught).toMatchObject({ code: ErrorCode.MessageTooLong, exitStatus: 1, state: 'await-line' });
    expect(() => new LengthPrefixDecoder('u16be', { maxFrameSize: -1 })).toThrow(DecoderConfigError);
  });
});
