/**
 * `tcpspec fuzz` fails every buggy fixture with read-confirmed delivery and
 * three seeds, with the smallest case that shows its bug.
 * (The tables and checks are in fuzz-fixtures.ts; the proof is cut into
 * files so that jest runs them side by side.)
 */
import { everyBuggyFixtureFails, readConfirmedSeeds } from './fuzz-fixtures';

// One fixture's fuzz runs, every seed in turn and shrinking included, take up to a few minutes side by side.
jest.setTimeout(900_000);

everyBuggyFixtureFails(readConfirmedSeeds, 'side by side');
