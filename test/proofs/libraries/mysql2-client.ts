/** mysql2 as a user's code drives it: connect, one query, end; the rows checked. */
import * as mysql from 'mysql2/promise';
import type { ClientFunction } from '../../../src/jest';

const ROWS = [
  { n: 1, word: 'één' },
  { n: 2, word: 'zwei' },
  { n: 300, word: 'three hundred' },
];

export const mysql2Client =
  (tls: boolean): ClientFunction =>
  async ({ host, port }) => {
    const connection = await mysql.createConnection({
      host,
      port,
      user: 'tcpspec',
      database: 'tcpspec',
      ...(tls ? { ssl: { rejectUnauthorized: false } } : {}),
    });
    // An error after connect is also thrown by the call under way; the listener keeps it from crashing the process.
    connection.on('error', () => undefined);
    try {
      const [rows] = await connection.query('SELECT n, word FROM words');
      const read = JSON.stringify(rows);
      if (read !== JSON.stringify(ROWS)) throw new Error(`mysql2 read ${read}`);
      await connection.end();
    } catch (err) {
      connection.destroy();
      throw err;
    }
  };
