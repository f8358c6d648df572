// The SARIF 2.1.0 report, for code-scanning dashboards (GitHub, Azure DevOps, VS Code SARIF viewer).
import type { DoctorResult } from "../engine/result.js";
import { ENGINE_FINDINGS, type EngineFindingDoc } from "../engine/engine-findings.js";
import type { Rule } from "../rule.js";
import type { Finding, Severity } from "../types.js";
import { locateSubject, type Locator } from "./locate.js";
import {
  artifactLocation,
  originalUriBaseIds,
  partialFingerprints,
  placeOf,
  type ArtifactLocation,
  type SarifPlaces,
} from "./sarif-places.js";

const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
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
  locations: {
    physicalLocation: { artifactLocation: ArtifactLocation; region: { startLine: number; startColumn: number } };
  }[];
  partialFingerprints: { primaryLocationLineHash: string };
  properties: { subject: Finding["subject"]; fix?: Finding["fix"] };
}

export interface SarifLog {
  $schema: string;
  version: "2.1.0";
  runs: {
    tool: { driver: { name: string; version: string; informationUri: string; rules: SarifRule[] } };
    columnKind: "utf16CodeUnits";
    originalUriBaseIds: ReturnType<typeof originalUriBaseIds>;
    invocations: { executionSuccessful: boolean; exitCode: number }[];
    results: SarifResult[];
  }[];
}

export interface SarifOptions {
  version: string;
  locate?: Locator;
  /** The state dir, home, config and daemon file: where findings that name no file are shown. */
  places: SarifPlaces;
}

export function toSarif(result: DoctorResult, rules: Rule[], { version, locate, places }: SarifOptions): SarifLog {
  const declared = rules.map(describeRule);
  const indexById = new Map(declared.map((rule, index) => [rule.id, index]));
  // Every result must point at a declared rule: the engine's own findings are declared from their
  // docs (src/engine/engine-findings.ts), any other id as what it is.
  for (const finding of result.findings) {
    if (!indexById.has(finding.ruleId)) {
      indexById.set(finding.ruleId, declared.length);
      const engineFinding = ENGINE_FINDINGS.find((known) => known.id === finding.ruleId);
      declared.push(engineFinding ? describeRule(engineFinding) : describeUnknownRule(finding));
    }
  }
  const fingerprints = partialFingerprints(result.findings, places);
  const results = result.findings.map((finding, i) =>
    toResult(finding, indexById.get(finding.ruleId)!, locate, places, fingerprints[i]),
  );
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "clawdia-doctor", version, informationUri: INFORMATION_URI, rules: declared } },
        // positionAt counts columns in UTF-16 code units (JavaScript string offsets); say so.
        columnKind: "utf16CodeUnits",
        originalUriBaseIds: originalUriBaseIds(places),
        invocations: [{ executionSuccessful: true, exitCode: result.exitCode }],
        results,
      },
    ],
  };
}

function level(severity: Severity): SarifLevel {
  return severity === "info" ? "note" : severity;
}

function describeRule(rule: EngineFindingDoc): SarifRule {
  return {
    id: rule.id,
    name: rule.title,
    shortDescription: { text: rule.title },
    fullDescription: { text: summaryOf(rule.docs) },
    help: { text: rule.docs },
    defaultConfiguration: { level: level(rule.severity) },
    properties: { category: rule.category, fix: rule.fix },
  };
}

/** GitHub code scanning takes at most 1024 characters of fullDescription: longer docs give their first paragraph, cut there. */
function summaryOf(docs: string): string {
  if (docs.length <= DESCRIPTION_LIMIT) return docs;
  const first = docs.split(/\n\s*\n/)[0];
  return first.length <= DESCRIPTION_LIMIT ? first : first.slice(0, DESCRIPTION_LIMIT - 1) + "…";
}

const DESCRIPTION_LIMIT = 1024;

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

function toResult(
  finding: Finding,
  ruleIndex: number,
  locate: Locator | undefined,
  places: SarifPlaces,
  fingerprint: SarifResult["partialFingerprints"],
): SarifResult {
  const place = placeOf(finding, places);
  // Code scanning wants a region on every location: a file known without a position is shown at its top.
  const position = locateSubject(place, locate) ?? { line: 1, column: 1 };
  const out: SarifResult = {
    ruleId: finding.ruleId,
    ruleIndex,
    level: level(finding.severity),
    message: { text: [finding.message, ...finding.advice.map((command) => `→ ${command}`)].join("\n") },
    locations: [
      {
        physicalLocation: {
          artifactLocation: artifactLocation(place.file, places),
          region: { startLine: position.line, startColumn: position.column },
        },
      },
    ],
    partialFingerprints: fingerprint,
    properties: { subject: { ...finding.subject } },
  };
  if (finding.fix) out.properties.fix = finding.fix;
  return out;
}
