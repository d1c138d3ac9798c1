/**
 * Every report format, in one table: `--reporter NAME` looks its name up
 * here. Adding a format is one module exporting a ReporterModule and one line
 * in this list.
 */
import { html } from './html/html';
import { human } from './human-reporter';
import { json } from './json';
import { junit } from './junit';
import type { ReporterModule } from './reporter';
import { tap } from './tap/tap';

export const REPORTERS: readonly ReporterModule[] = [human, junit, json, tap, html];

/** The module called `name`, if there is one. */
export function reporterModule(name: string): ReporterModule | undefined {
  return REPORTERS.find((r) => r.name === name);
}
