/** What `--help` shows after the options: examples a user can paste, and what each exit status means. */
import type { Command } from 'commander';

export const EXIT_STATUSES = `Exit status:
  0    every spec passed
  1    a spec failed
  2    unusable input: a usage error (nothing ran, no result line), a spec with a
       mistake, an unreachable target, or a report that could not be written
  130  interrupted (Ctrl-C, SIGTERM): everything started was stopped`;

const EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  tcpspec: [
    'tcpspec run specs/seeds                       # embedded fixture servers, nothing to set up',
    'tcpspec run specs/redis --target 127.0.0.1:6379',
    'tcpspec fuzz specs/seeds --runs 200 --reporter html --output report.html',
    "tcpspec run specs/clients/textbook-greeting.yaml --client 'python3 specs/clients/textbook-client.py {host} {port}'",
    'tcpspec validate specs',
  ],
  run: [
    'tcpspec run specs/seeds/echo.yaml              # the spec names its embedded fixture',
    'tcpspec run specs/redis --target 127.0.0.1:6379 --reporter junit --output junit.xml',
    "tcpspec run specs/clients/textbook-greeting.yaml --client 'python3 specs/clients/textbook-client.py {host} {port}'",
  ],
  fuzz: [
    'tcpspec fuzz specs/seeds --runs 200',
    'tcpspec fuzz specs/redis --target 127.0.0.1:6379 --reporter html --output fuzz.html',
    'tcpspec fuzz spec.yaml --seed 1234 --path 3:1:0   # replay the case a failure printed',
  ],
};

/** Adds the examples of `command` (by its name) and the exit statuses to its help. */
export function withHelp(command: Command): Command {
  const examples = EXAMPLES[command.name()];
  const text = examples
    ? `\nExamples:\n${examples.map((e) => `  ${e}`).join('\n')}\n\n${EXIT_STATUSES}`
    : EXIT_STATUSES;
  return command.addHelpText('after', `${text}\n`);
}
