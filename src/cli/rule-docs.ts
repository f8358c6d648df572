// `--list-rules` and `--explain`: read from each rule's declared metadata (and, for --explain, the
// engine's own findings: src/engine/engine-findings.ts).
import type { EngineFindingDoc } from "../engine/engine-findings.js";
import type { Rule } from "../rule.js";

/** One rule in `--list-rules --json`; the schema: src/report/schemas/rule-list.ts. */
export type RuleListing = Pick<Rule, "id" | "title" | "category" | "severity" | "fix">;

export function renderRuleList(rules: Rule[], json: boolean): string {
  if (json)
    return JSON.stringify(
      rules.map(({ id, title, category, severity, fix }): RuleListing => ({ id, title, category, severity, fix })),
      null,
      2,
    );
  const width = Math.max(...rules.map((rule) => rule.id.length));
  const lines = rules.map(
    (rule) =>
      `${rule.id.padEnd(width)}  ${rule.category.padEnd(7)}  ${rule.severity.padEnd(7)}  ${rule.fix.padEnd(6)}  ${rule.title}`,
  );
  return [`${"RULE".padEnd(width)}  CATEGORY SEVERITY FIX     TITLE`, ...lines].join("\n");
}

export function renderExplanation(rule: EngineFindingDoc): string {
  return `${rule.id}: ${rule.title}\nseverity: ${rule.severity} · category: ${rule.category} · fix: ${rule.fix}\n\n${rule.docs}`;
}
