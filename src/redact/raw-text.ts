// Diffs show files as they are on disk, where a secret may be written with escapes the parsed value
// does not have (`"sk-ant-api03-abc\u0039…"`, `"gw\"Tok\\en"`), or in a line that does not parse at
// all. So a file's text is masked before it is diffed: in JSON, every string literal is decoded, and
// re-encoded masked when it holds a secret or is the value of a secret-named member; a .env file is
// masked by ./dotenv-text.ts.
import { createScanner, SyntaxKind } from "jsonc-parser";
import { fingerprint } from "../auth/fingerprint.js";
import { isSecretName } from "../secrets.js";
import { maskDotenvText } from "./dotenv-text.js";
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
    if (
      kind === SyntaxKind.Trivia ||
      kind === SyntaxKind.LineBreakTrivia ||
      kind === SyntaxKind.LineCommentTrivia ||
      kind === SyntaxKind.BlockCommentTrivia
    ) {
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
      if (masked !== value || secretMember)
        ({ out, copied } = splice(text, out, copied, start, length, JSON.stringify(masked)));
      member = isValue ? undefined : value;
      afterColon = false;
      continue;
    }
    member = undefined;
    afterColon = false;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

function splice(
  text: string,
  out: string,
  copied: number,
  start: number,
  length: number,
  replacement: string,
): { out: string; copied: number } {
  return { out: out + text.slice(copied, start) + replacement, copied: start + length };
}
