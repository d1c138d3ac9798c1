/** Every line of `text` indented by `by` (four spaces), for nested report lines. */
export function indent(text: string, by = '    '): string {
  return text
    .split('\n')
    .map((l) => by + l)
    .join('\n');
}
