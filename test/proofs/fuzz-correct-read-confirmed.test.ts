/**
 * `tcpspec fuzz` never fails a correct fixture with read-confirmed delivery.
 * (The tables and checks are in fuzz-fixtures.ts; the proof is cut into
 * files so that jest runs them side by side.)
 */
import { noCorrectFixtureFails, readConfirmedSeeds, thereAreCorrectFixtures } from './fuzz-fixtures';

// One fixture's fuzz runs, every seed in turn and shrinking included, take up to a few minutes side by side.
jest.setTimeout(900_000);

describe('tcpspec fuzz never fails a correct fixture', () => thereAreCorrectFixtures());
noCorrectFixtureFails(readConfirmedSeeds.slice(1), 'side by side');
