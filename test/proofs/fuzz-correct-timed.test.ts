/**
 * `tcpspec fuzz` never fails a correct fixture under timed gaps.
 * (The tables and checks are in fuzz-fixtures.ts; the proof is cut into
 * files so that jest runs them side by side.)
 */
import { noCorrectFixtureFails, timedSeeds } from './fuzz-fixtures';

// One fixture's fuzz runs, every seed in turn and shrinking included, take up to a few minutes side by side.
jest.setTimeout(900_000);

noCorrectFixtureFails(timedSeeds, 'side by side');
