/** node-postgres as a user's code drives it: connect, one query, end; the rows checked. */
import { Client } from 'pg';
import type { ClientFunction } from '../../../src/jest';

const ROWS = [
  { n: 1, word: 'één' },
  { n: 2, word: 'zwei' },
  { n: 300, word: 'three hundred' },
];

export const pgClient =
  (tls: boolean): ClientFunction =>
  async ({ host, port }) => {
    const client = new Client({
      host,
      port,
      user: 'tcpspec',
      database: 'tcpspec',
      ...(tls ? { ssl: { rejectUnauthorized: false } } : {}),
    });
    // An error after connect is also thrown by the call under way; the listener keeps it from crashing the process.
    client.on('error', () => undefined);
    try {
      await client.connect();
      const result = await client.query('SELECT n, word FROM words');
      const read = JSON.stringify(result.rows);
      if (read !== JSON.stringify(ROWS)) throw new Error(`pg read ${read}`);
    } finally {
      await client.end();
    }
  };
