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
import { listenAsServer } from '../../src/peer/server';
import { runSpec } from '../../src/run/run-spec';
import { loadSpecText } from '../../src/spec/load';

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
