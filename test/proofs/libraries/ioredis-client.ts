/** ioredis as a user's code drives it: connect, three pipelined commands, QUIT; every reply checked. */
import Redis from 'ioredis';
import type { ClientFunction } from '../../../src/jest';

const VALUE = 'héllo wörld, '.repeat(12);

export const ioredisClient =
  (tls: boolean): ClientFunction =>
  async ({ host, port }) => {
    const errors: Error[] = [];
    const redis = new Redis({
      host,
      port,
      // The mock plays one connection: no reconnecting, no retries, no client info or maintenance handshake.
      retryStrategy: () => null,
      maxRetriesPerRequest: 0,
      disableClientInfo: true,
      maintNotifications: 'disabled',
      ...(tls ? { tls: { rejectUnauthorized: false } } : {}),
    });
    redis.on('error', (err: Error) => errors.push(err));
    try {
      const [set, got, list] = await Promise.all([
        redis.set('greeting', VALUE),
        redis.get('greeting'),
        redis.lrange('list', 0, -1),
      ]);
      const read = JSON.stringify([set, got, list]);
      if (read !== JSON.stringify(['OK', VALUE, ['one', 'two', 'three']])) throw new Error(`ioredis read ${read}`);
      await redis.quit();
    } catch (err) {
      redis.disconnect();
      if (errors.length > 0 && err instanceof Error)
        err.message += ` (connection errors: ${errors.map((e) => e.message).join('; ')})`;
      throw err;
    }
  };
