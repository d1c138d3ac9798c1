/**
 * `tcpspec fuzz` never fails a correct fixture with read-confirmed delivery.
 * (The tables and checks are in fuzz-fixtures.ts; the proof is cut into
 * files so that jest runs them side by side.)
 */
import { noCorrectFixtureFails, readConfirmedSeeds, thereAreCorrectFixtures } from './fuzz-fixtures';

// One seed's fuzz run of one fixture, shrinking included, takes up to a minute or two.
jest.setTimeout(300_000);

describe('tcpspec fuzz never fails a correct fixture', () => thereAreCorrectFixtures());
noCorrectFixtureFails(readConfirmedSeeds.slice(1));
