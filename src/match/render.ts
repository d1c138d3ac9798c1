/** Templates as they read in "expected …": filled in where the variables are known, as written where not. */
import { renderTemplate } from '../spec/template';
import type { Vars } from '../spec/template';
import type { Template } from '../spec/types';

export function safeRender(t: Template, vars: Vars, escape?: (value: string) => string): string {
  try {
    return renderTemplate(t, vars, escape);
  } catch {
    return t.source;
  }
}
