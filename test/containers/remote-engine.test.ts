/**
 * The remote-engine path: DOCKER_HOST names an engine that is not the local
 * socket. Here that engine is the local one behind a TCP relay on loopback,
 * which counts the connections it carries, so the test proves the docker
 * client, provision.sh and testcontainers all went through DOCKER_HOST.
 */
import { createServer, connect, type Server } from 'node:net';
import { lastLine, startTcpspec } from './cli-processes';
import { containersOfPid } from './list-containers';

const SOCKET = '/var/run/docker.sock';

let relay: Server;
let relayed = 0;
let port = 0;

beforeAll(async () => {
  relay = createServer((client) => {
    relayed += 1;
    const engine = connect({ path: SOCKET });
    client.pipe(engine).pipe(client);
    const end = (): void => {
      client.destroy();
      engine.destroy();
    };
    client.on('error', end).on('close', end);
    engine.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  port = (relay.address() as { port: number }).port;
}, 180_000);

afterAll(() => new Promise<void>((resolve) => relay.close(() => resolve())));

it('`tcpspec run` with DOCKER_HOST provisions and runs its container through that engine', async () => {
  const run = startTcpspec(['run', 'specs/redis/ping.yaml'], { DOCKER_HOST: `tcp://127.0.0.1:${port}` });
  const r = await run.exited(120_000);
  expect(r.err).toBe('');
  expect(lastLine(r.out)).toBe('1 passed, 0 failed');
  expect(r.status).toBe(0);
  // docker info and image checks (provision.sh), create/start/stop/remove (testcontainers)
  expect(relayed).toBeGreaterThan(5);
  expect(await containersOfPid(run.pid)).toEqual([]);
}, 150_000);
