// String.prototype.replace with a function, for the redactor's hot path: a line comes back as it
// was (the same string, no copy) when no match changes it. V8's replace with a callback builds a
// new string and its argument list on every call, about 1 µs each, even when nothing matched.

/**
 * Every match of the global `pattern` in `text`, left to right, replaced by `replace(match)`
 * (the match array: groups that did not take part are undefined, as replace passes them).
 */
export function replaceEach(text: string, pattern: RegExp, replace: (match: RegExpExecArray) => string): string {
  pattern.lastIndex = 0;
  let out = "";
  let copied = 0;
  let changed = false;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const replacement = replace(match);
    if (replacement !== match[0]) {
      out += text.slice(copied, match.index) + replacement;
      copied = match.index + match[0].length;
      changed = true;
    }
    if (match[0] === "") pattern.lastIndex++;
  }
  return changed ? out + text.slice(copied) : text;
}
