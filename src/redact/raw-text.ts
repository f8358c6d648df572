// Diffs show files as they are on disk, where a secret may be written with escapes the parsed value
// does not have (`"sk-ant-api03-abc\u0039…"`, `"gw\"Tok\\en"`), or in a line that does not parse at
// all. So a file's text is masked before it is diffed: in JSON, every string literal is decoded, and
// re-encoded masked when it holds a secret or is the value of a secret-named member; in a .env file,
// the value of a secret-named variable, every line of a value spanning lines, and every line that is
// not an assignment are replaced, each by the same text in the old and the new file.
import { createScanner, SyntaxKind } from "jsonc-parser";
import { fingerprint } from "../auth/fingerprint.js";
import { isSecretName } from "../secrets.js";
import { maskOutput } from "./mask-output.js";

export type TextKind = "json" | "dotenv" | "text";

export function maskFileText(text: string, kind: TextKind, secrets: readonly string[]): string {
  if (kind === "json") return maskJsonText(text, secrets);
  if (kind === "dotenv") return maskDotenvText(text, secrets);
  return maskOutput(text, secrets);
}

/** How a file's text is read: by its name, as the state's files are named. */
export function textKindOf(file: string): TextKind {
  if (/\.json5?$|\.jsonc$/i.test(file)) return "json";
  if (/(?:^|[\\/])\.env(?:\.[^\\/]*)?$|\.env$/i.test(file)) return "dotenv";
  return "text";
}

function maskJsonText(text: string, secrets: readonly string[]): string {
  const scanner = createScanner(text, false);
  let out = "";
  let copied = 0;
  // The last member name seen, while its value is still to come.
  let member: string | undefined;
  let afterColon = false;
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    if (kind === SyntaxKind.ColonToken) {
      afterColon = member !== undefined;
      continue;
    }
    if (kind === SyntaxKind.Trivia || kind === SyntaxKind.LineBreakTrivia || kind === SyntaxKind.LineCommentTrivia || kind === SyntaxKind.BlockCommentTrivia) {
      if (kind === SyntaxKind.LineCommentTrivia || kind === SyntaxKind.BlockCommentTrivia) {
        const start = scanner.getTokenOffset();
        const raw = text.slice(start, start + scanner.getTokenLength());
        const masked = maskOutput(raw, secrets);
        if (masked !== raw) ({ out, copied } = splice(text, out, copied, start, raw.length, masked));
      }
      continue;
    }
    if (kind === SyntaxKind.StringLiteral) {
      const start = scanner.getTokenOffset();
      const length = scanner.getTokenLength();
      const value = scanner.getTokenValue();
      const isValue = afterColon;
      const secretMember = isValue && member !== undefined && isSecretName(member);
      const masked = secretMember && value.length > 0 ? fingerprint(value) : maskOutput(value, secrets);
      if (masked !== value || secretMember) ({ out, copied } = splice(text, out, copied, start, length, JSON.stringify(masked)));
      member = isValue ? undefined : value;
      afterColon = false;
      continue;
    }
    member = undefined;
    afterColon = false;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

function splice(text: string, out: string, copied: number, start: number, length: number, replacement: string): { out: string; copied: number } {
  return { out: out + text.slice(copied, start) + replacement, copied: start + length };
}

const ASSIGNMENT = /^(\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*)(.*)$/;

function maskDotenvText(text: string, secrets: readonly string[]): string {
  const lines = text.split("\n");
  // The quote a value spanning lines opened, while its closing quote is still to come.
  let open: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const cr = line.endsWith("\r") ? "\r" : "";
    const body = cr ? line.slice(0, -1) : line;
    if (open) {
      const close = body.indexOf(open);
      lines[i] = (close === -1 ? hidden(body) : hidden(body.slice(0, close)) + body.slice(close)) + cr;
      if (close !== -1) open = undefined;
      continue;
    }
    const trimmed = body.trim();
    if (trimmed === "" || trimmed.startsWith("#")) {
      lines[i] = maskOutput(body, secrets) + cr;
      continue;
    }
    const match = ASSIGNMENT.exec(body);
    if (!match) {
      lines[i] = hidden(body) + cr; // not an assignment: whatever it holds is shown as its fingerprint only
      continue;
    }
    const [, head, name, value] = match;
    const quote = value[0] === '"' || value[0] === "'" || value[0] === "`" ? value[0] : undefined;
    if (quote && closingQuote(value, quote) === -1) {
      open = quote; // a value spanning lines: a key or a certificate, whatever its name
      lines[i] = head + quote + hidden(value.slice(1)) + cr;
      continue;
    }
    lines[i] = head + (isSecretName(name) && value.length > 0 ? maskQuoted(value, quote) : maskOutput(value, secrets)) + cr;
  }
  return lines.join("\n");
}

/** A secret-named variable's value, its quotes kept. */
function maskQuoted(value: string, quote: string | undefined): string {
  if (!quote) return fingerprint(value);
  const end = closingQuote(value, quote);
  return quote + fingerprint(value.slice(1, end)) + value.slice(end);
}

/** Where the quote that opens `value` closes; in double quotes a backslash escapes the next character. */
function closingQuote(value: string, quote: string): number {
  for (let i = 1; i < value.length; i++) {
    if (quote === '"' && value[i] === "\\") i++;
    else if (value[i] === quote) return i;
  }
  return -1;
}

/** A piece of a line that may be a secret: its fingerprint, the same in the old and the new file. */
function hidden(text: string): string {
  return text === "" ? "" : `‹hidden: ${fingerprint(text)}›`;
}
