// JSON and JSONC files seen by field name, even when they do not parse: which values are secrets,
// and the text with those values replaced (comments, order and formatting kept).
import { visit } from "jsonc-parser";
import { isSecretName } from "../../secrets.js";

export interface SecretSpan {
  offset: number;
  length: number;
  value: string;
  /** The member path, e.g. ["env", "vars", "OPENROUTER_API_KEY"]. */
  path: string[];
}

/**
 * String values under a secret-named member (at any depth: `credentials.value` counts), and every
 * value of `env.vars`, whose names are the user's own. jsonc-parser's visitor goes on past syntax
 * errors, so a broken file still gives up what it can.
 */
export function secretSpans(text: string): SecretSpan[] {
  const spans: SecretSpan[] = [];
  const path: string[] = [];
  let pendingKey: string | undefined;
  const container: ("object" | "array")[] = [];
  const enter = (kind: "object" | "array") => {
    path.push(pendingKey ?? (container.at(-1) === "array" ? "[]" : ""));
    pendingKey = undefined;
    container.push(kind);
  };
  const leave = () => {
    path.pop();
    container.pop();
  };
  visit(
    text,
    {
      onObjectBegin: () => enter("object"),
      onObjectEnd: leave,
      onArrayBegin: () => enter("array"),
      onArrayEnd: leave,
      onObjectProperty: (name) => {
        pendingKey = name;
      },
      onLiteralValue: (value, offset, length) => {
        const memberPath = [...path.slice(1), pendingKey ?? "[]"];
        pendingKey = undefined;
        if (typeof value !== "string" || value === "") return;
        if (memberPath.some(isSecretName) || isEnvVar(memberPath)) spans.push({ offset, length, value, path: memberPath });
      },
    },
    { allowTrailingComma: true, disallowComments: false },
  );
  return spans;
}

function isEnvVar(memberPath: string[]): boolean {
  return memberPath.length === 3 && memberPath[0] === "env" && memberPath[1] === "vars";
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
