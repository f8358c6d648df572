// JSON and JSONC files seen by field name, even when they do not parse: which values are secrets,
// and the text with those values replaced (comments, order and formatting kept).
import { createScanner, SyntaxKind } from "jsonc-parser";
import { isSecretName } from "../../secrets.js";

export interface SecretSpan {
  offset: number;
  length: number;
  value: string;
  /**
   * The member path, e.g. ["env", "vars", "OPENROUTER_API_KEY"]. Deeper than MAX_PATH_NAMES it is
   * shortened to its secret-named members and its last names, so that a hostile nesting costs no more
   * than its length.
   */
  path: string[];
}

/** How many names a span's path keeps at most (see SecretSpan.path). */
export const MAX_PATH_NAMES = 64;

/** An open object or array: its name in the path, and the nearest secret-named member at or above it. */
interface Container {
  kind: "object" | "array";
  name: string;
  secretAt: Container | undefined;
  parent: Container | undefined;
  depth: number;
  /** Objects: the member name read last, until its value is read. */
  key?: string;
}

/**
 * String values under a secret-named member (at any depth: `credentials.value` counts), and every
 * value of `env.vars`, whose names are the user's own. The tokens are walked with an explicit stack
 * (jsonc-parser's own visitor recurses, and a config nested a few thousand deep overflows the call
 * stack), in one pass whatever the depth, and the walk goes on past syntax errors (and past the end
 * of the first value), so a broken file still gives up what it can.
 */
export function secretSpans(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  const scanner = createScanner(text, true); // skips whitespace and comments
  let top: Container | undefined;
  for (let token = scanner.scan(); token !== SyntaxKind.EOF; token = scanner.scan()) {
    switch (token) {
      case SyntaxKind.OpenBraceToken:
      case SyntaxKind.OpenBracketToken: {
        const name = top === undefined ? "" : nameHere(top);
        const secretAt = top === undefined ? undefined : top.secretAt;
        if (top?.kind === "object") top.key = undefined;
        const kind = token === SyntaxKind.OpenBraceToken ? "object" : "array";
        top = { kind, name, secretAt, parent: top, depth: top === undefined ? 0 : top.depth + 1 };
        if (top.parent !== undefined && isSecretName(name)) top.secretAt = top;
        break;
      }
      case SyntaxKind.CloseBraceToken:
      case SyntaxKind.CloseBracketToken:
        top = top?.parent;
        break;
      case SyntaxKind.CommaToken:
        if (top?.kind === "object") top.key = undefined;
        break;
      case SyntaxKind.StringLiteral:
        if (top?.kind === "object" && top.key === undefined) {
          top.key = scanner.getTokenValue();
          break;
        }
        if (top !== undefined)
          addSpan(spans, top, scanner.getTokenValue(), scanner.getTokenOffset(), scanner.getTokenLength());
        if (top?.kind === "object") top.key = undefined;
        break;
      case SyntaxKind.NullKeyword:
      case SyntaxKind.TrueKeyword:
      case SyntaxKind.FalseKeyword:
      case SyntaxKind.NumericLiteral:
        if (top?.kind === "object") top.key = undefined;
        break;
      default: // ":" and tokens that do not belong: what follows them is read as usual
        break;
    }
  }
  return spans;
}

/** The name of what comes next inside `top`: its member name, or "[]" in an array. */
function nameHere(top: Container): string {
  return (top.kind === "object" ? top.key : undefined) ?? "[]";
}

function addSpan(spans: SecretSpan[], top: Container, value: string, offset: number, length: number): void {
  if (value === "") return;
  const leaf = nameHere(top);
  const envVar = top.depth === 2 && top.name === "vars" && top.parent!.name === "env";
  if (top.secretAt === undefined && !isSecretName(leaf) && !envVar) return;
  spans.push({ offset, length, value, path: pathOf(top, leaf) });
}

/** The member path below the root, shortened when it is deep (see SecretSpan.path). */
function pathOf(top: Container, leaf: string): string[] {
  const names: string[] = [leaf];
  let c: Container | undefined = top;
  for (; c?.parent !== undefined && names.length < MAX_PATH_NAMES; c = c.parent) names.push(c.name);
  names.reverse();
  // Cut short above a secret-named member: that member is kept, it says why the value is a secret.
  const secret = top.secretAt;
  if (c?.parent !== undefined && secret !== undefined && secret.depth <= c.depth) names.unshift(secret.name);
  return names;
}

/** The text with each secret span replaced by `replace(value)`, as a JSON string. */
export function replaceSpans(text: string, spans: SecretSpan[], replace: (span: SecretSpan) => string): string {
  let out = "";
  let copied = 0;
  for (const span of [...spans].sort((a, b) => a.offset - b.offset)) {
    if (span.offset < copied) continue;
    out += text.slice(copied, span.offset) + JSON.stringify(replace(span));
    copied = span.offset + span.length;
  }
  return out + text.slice(copied);
}
