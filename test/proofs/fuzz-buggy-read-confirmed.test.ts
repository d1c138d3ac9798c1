/**
 * `tcpspec fuzz` fails every buggy fixture with read-confirmed delivery and
 * three seeds, with the smallest case that shows its bug.
 * (The tables and checks are in fuzz-fixtures.ts; the proof is cut into
 * files so that jest runs them side by side.)
 */
import { everyBuggyFixtureFails, readConfirmedSeeds } from './fuzz-fixtures';

// One seed's fuzz run of one fixture, shrinking included, takes up to a minute or two.
jest.setTimeout(300_000);

everyBuggyFixtureFails(readConfirmedSeeds);
