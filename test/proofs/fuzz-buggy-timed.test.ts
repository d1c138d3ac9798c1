/**
 * `tcpspec fuzz` fails every buggy fixture under timed gaps (what a remote
 * target gets), with the smallest case that shows its bug.
 * (The tables and checks are in fuzz-fixtures.ts; the proof is cut into
 * files so that jest runs them side by side.)
 */
import { everyBuggyFixtureFails, timedSeeds } from './fuzz-fixtures';

// One seed's fuzz run of one fixture, shrinking included, takes up to a minute or two.
jest.setTimeout(300_000);

everyBuggyFixtureFails(timedSeeds, 'in turn');
