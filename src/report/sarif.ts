// The SARIF 2.1.0 report, for code-scanning dashboards (GitHub, Azure DevOps, VS Code SARIF viewer).
import { pathToFileURL } from "node:url";
import type { DoctorResult } from "../engine/result.js";
import type { Rule } from "../rule.js";
import type { Finding, Severity } from "../types.js";
import { locateSubject, type Locator } from "./locate.js";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI = "https://clawdia.dev/docs/doctor";

type SarifLevel = "error" | "warning" | "note";

export interface SarifRule {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string };
  defaultConfiguration: { level: SarifLevel };
  properties: { category: string; fix: Rule["fix"] };
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: { text: string };
  locations?: {
    physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number; startColumn: number } };
  }[];
  properties: { subject: Finding["subject"]; fix?: Finding["fix"] };
}

export interface SarifLog {
  $schema: string;
  version: "2.1.0";
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: SarifRule[] } };
    columnKind: "utf16CodeUnits";
    invocations: { executionSuccessful: boolean; exitCode: number }[];
    results: SarifResult[];
  }[];
}

export interface SarifOptions {
  version: string;
  locate?: Locator;
}

export function toSarif(result: DoctorResult, rules: Rule[], { version, locate }: SarifOptions): SarifLog {
  const declared = rules.map(describeRule);
  const indexById = new Map(declared.map((rule, index) => [rule.id, index]));
  // Every result must point at a declared rule; engine findings ("engine/rule-crashed") have none.
  for (const finding of result.findings) {
    if (!indexById.has(finding.ruleId)) {
      indexById.set(finding.ruleId, declared.length);
      declared.push(describeUnknownRule(finding));
    }
  }
  const results = result.findings.map((finding) => toResult(finding, indexById.get(finding.ruleId)!, locate));
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "clawdia-doctor", version, informationUri: INFORMATION_URI, rules: declared } },
        // positionAt counts columns in UTF-16 code units (JavaScript string offsets); say so.
        columnKind: "utf16CodeUnits",
        invocations: [{ executionSuccessful: true, exitCode: result.exitCode }],
        results,
      },
    ],
  };
}

function level(severity: Severity): SarifLevel {
  return severity === "info" ? "note" : severity;
}

function describeRule(rule: Rule): SarifRule {
  return {
    id: rule.id,
    name: rule.title,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.docs },
    help: { text: rule.docs },
    defaultConfiguration: { level: level(rule.severity) },
    properties: { category: rule.category, fix: rule.fix },
  };
}

function describeUnknownRule(finding: Finding): SarifRule {
  const text = `Reported by the doctor itself (${finding.ruleId}), not by a rule.`;
  return {
    id: finding.ruleId,
    name: finding.ruleId,
    shortDescription: { text: finding.ruleId },
    fullDescription: { text },
    help: { text },
    defaultConfiguration: { level: level(finding.severity) },
    properties: { category: finding.ruleId.split("/")[0], fix: "none" },
  };
}

function toResult(finding: Finding, ruleIndex: number, locate: Locator | undefined): SarifResult {
  const out: SarifResult = {
    ruleId: finding.ruleId,
    ruleIndex,
    level: level(finding.severity),
    message: { text: [finding.message, ...finding.advice.map((command) => `→ ${command}`)].join("\n") },
    properties: { subject: { ...finding.subject } },
  };
  if (finding.subject.file !== undefined) {
    const position = locateSubject(finding.subject, locate);
    const uri = pathToFileURL(finding.subject.file).href;
    out.locations = [
      {
        physicalLocation: {
          artifactLocation: { uri },
          ...(position && { region: { startLine: position.line, startColumn: position.column } }),
        },
      },
    ];
  }
  if (finding.fix) out.properties.fix = finding.fix;
  return out;
}
