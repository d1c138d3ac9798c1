/** `--client "CMD ..."`: the words of a command line, as a shell would split them, without running one. */

export type Words = { readonly words: string[] } | { readonly error: string };

/**
 * Splits at unquoted whitespace; '…' keeps everything literally, "…" and a
 * backslash outside quotes escape the next character. No variables, globs or
 * operators: `|` and `>` are words like any other.
 */
export function splitWords(line: string): Words {
  const words: string[] = [];
  let word: string | undefined;
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote === "'") {
      if (c === "'") quote = undefined;
      else word = (word ?? '') + c;
    } else if (quote === '"') {
      if (c === '"') quote = undefined;
      else if (c === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) word = (word ?? '') + line[++i]!;
      else word = (word ?? '') + c;
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (c === "'" || c === '"') {
      quote = c;
      word ??= '';
    } else if (c === '\\') {
      if (i + 1 >= line.length) return { error: 'a backslash at the end escapes nothing' };
      word = (word ?? '') + line[++i]!;
    } else word = (word ?? '') + c;
  }
  if (quote) return { error: `the ${quote === '"' ? 'double' : 'single'} quote is never closed` };
  if (word !== undefined) words.push(word);
  if (words.length === 0) return { error: 'it names no program' };
  return { words };
}

/** `value` as one shell word, for a replay command a person pastes. */
export function shellWord(value: string): string {
  return /^[\w@%+=:,./{}-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}
