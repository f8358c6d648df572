// The one escape for text from the user's files in text and Markdown output.
import { describe, expect, it } from "vitest";
import { markdownCode, markdownText, printable, printableLine } from "../../src/report/printable.js";

describe("printable", () => {
  it.each([
    ["anthropic:\u001b]0;pwned\u0007x", "anthropic:\\x1b]0;pwned\\x07x"],
    ["anthropic:a\rb", "anthropic:a\\rb"],
    ["anthropic:x\u001b[2J", "anthropic:x\\x1b[2J"],
    ["two\nlines", "two\\nlines"],
    ["tab\there", "tab\\there"],
    ["nul\u0000 del\u007f c1\u009b", "nul\\x00 del\\x7f c1\\x9b"],
    [
      "bidi \u202eevil\u202c and \u2066isolate\u2069, line\u2028sep",
      "bidi \\u202eevil\\u202c and \\u2066isolate\\u2069, line\\u2028sep",
    ],
    // Kept as they are: printable text, non-ASCII, a backslash already there.
    ["anthropic:claude-cli", "anthropic:claude-cli"],
    ["café ✓ 日本", "café ✓ 日本"],
    ["C:\\path\\x1b", "C:\\path\\x1b"],
  ])("%j → %s", (input, want) => {
    expect(printable(input)).toBe(want);
  });

  it("printableLine keeps tabs (the layout of a file line) and escapes the rest", () => {
    expect(printableLine('\t"key": 1\u001b[2J\r')).toBe('\t"key": 1\\x1b[2J\\r');
  });

  it("no raw control character survives, whatever the input", () => {
    const every = Array.from({ length: 0xa0 }, (_, i) => String.fromCharCode(i)).join("");
    expect(printable(every)).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });
});

describe("Markdown", () => {
  it.each([
    ["a|b", "a\\|b"],
    [
      "`code` <img src=x onerror=alert(1)> [link](http://x)",
      "\\`code\\` \\<img src=x onerror=alert(1)\\> \\[link\\](http://x)",
    ],
    ["ANTHROPIC_API_KEY *stays*", "ANTHROPIC_API_KEY *stays*"],
    // A backslash that would escape the next character is doubled; one before a letter is left.
    ["a\\|b \\x1b", "a\\\\\\|b \\x1b"],
    ["evil\u001b]0;t\u0007\n# heading", "evil\\x1b\\]0;t\\x07\\n# heading"],
  ])("markdownText(%j) → %s", (input, want) => {
    expect(markdownText(input)).toBe(want);
  });

  it.each([
    ["~/.clawdia", "`~/.clawdia`"],
    ["a`b", "``a`b``"],
    ["`x``", "``` `x`` ```"],
    ["line\nbreak", "`line\\nbreak`"],
  ])("markdownCode(%j) → %s", (input, want) => {
    expect(markdownCode(input)).toBe(want);
  });

  it("a code span in a table cell escapes |, which ends the cell even inside code", () => {
    expect(markdownCode("sk-…a|b", { inTable: true })).toBe("`sk-…a\\|b`");
  });
});
