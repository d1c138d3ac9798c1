/** MQTT.js as a user's code drives it: connect, subscribe, read three messages, disconnect; every message checked. */
import mqtt from 'mqtt';
import type { ClientFunction } from '../../../src/jest';

const EXPECTED = ['Hallo Client!', 'Grüße, '.repeat(30), 'bye'];

export const mqttClient =
  (tls: boolean): ClientFunction =>
  ({ host, port }) =>
    new Promise<void>((resolve, reject) => {
      const client = mqtt.connect({
        host,
        port,
        protocol: tls ? 'mqtts' : 'mqtt',
        rejectUnauthorized: false,
        clientId: 'tcpspec-mqtt',
        // The mock plays one connection: no reconnecting; packet ids from 1.
        reconnectPeriod: 0,
        messageIdProvider: new mqtt.UniqueMessageIdProvider(),
      });
      const got: string[] = [];
      const fail = (err: Error): void => {
        client.end(true);
        reject(err);
      };
      client.on('error', fail);
      client.on('close', () => {
        if (got.length < EXPECTED.length) fail(new Error(`the connection closed after ${got.length} messages`));
      });
      client.on('connect', () => {
        client.subscribe('greetings', (err) => err && fail(err));
      });
      client.on('message', (topic, message) => {
        got.push(message.toString('utf8'));
        if (topic !== 'greetings' || got.at(-1) !== EXPECTED[got.length - 1])
          fail(new Error(`MQTT.js read message ${got.length} as ${JSON.stringify([topic, got.at(-1)])}`));
        else if (got.length === EXPECTED.length) client.end(false, {}, () => resolve());
      });
    });
