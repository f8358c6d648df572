// Checks a SARIF log the way its consumers do: the official SARIF 2.1.0 JSON schema (vendored, see
// test/report/SARIF-SCHEMA.md) and GitHub code scanning's documented upload rules.
import fs from "node:fs";
import path from "node:path";
import { Ajv } from "ajv";
import addFormatsModule from "ajv-formats";
import { ROOT } from "./cli.js";

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "test/report/sarif-schema-2.1.0.json"), "utf8"));
// strict: false because the schema is draft-07 as OASIS wrote it (it has keywords ajv's strict mode flags).
const validate = addFormats(new Ajv({ allErrors: true, strict: false })).compile(schema);

/** The schema's complaints, as "path: message" lines (none: valid). */
export function schemaProblems(log: unknown): string[] {
  if (validate(log)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || "/"}: ${error.message}`);
}

/**
 * GitHub's "SARIF support for code scanning": the properties it marks required (no empty strings), its
 * length limits, at least one location per result with a region, and the upload limits per file.
 */
export function githubProblems(log: any): string[] {
  const problems: string[] = [];
  const need = (ok: unknown, what: string) => {
    if (!ok) problems.push(what);
  };
  const text = (value: unknown) => typeof value === "string" && value.length > 0;
  need(text(log.$schema), "$schema is required");
  need(log.version === "2.1.0", "version must be 2.1.0");
  need(Array.isArray(log.runs) && log.runs.length >= 1 && log.runs.length <= 20, "1 to 20 runs");
  for (const [r, run] of (log.runs ?? []).entries()) {
    const driver = run.tool?.driver ?? {};
    need(text(driver.name), `runs[${r}].tool.driver.name is required`);
    need(
      Array.isArray(driver.rules) && driver.rules.length <= 25_000,
      `runs[${r}].tool.driver.rules[] is required (at most 25,000)`,
    );
    for (const rule of driver.rules ?? []) {
      need(text(rule.id), "a rule without id");
      need(rule.name === undefined || rule.name.length <= 255, `${rule.id}: name longer than 255`);
      for (const key of ["shortDescription", "fullDescription"])
        need(
          text(rule[key]?.text) && rule[key].text.length <= 1024,
          `${rule.id}: ${key}.text is required, at most 1024 characters`,
        );
      need(text(rule.help?.text), `${rule.id}: help.text is required`);
      need(
        ["note", "warning", "error"].includes(rule.defaultConfiguration?.level ?? "warning"),
        `${rule.id}: defaultConfiguration.level`,
      );
    }
    const bases = run.originalUriBaseIds ?? {};
    for (const [id, base] of Object.entries<any>(bases))
      need(
        /^file:\/\/\/.*\/$/.test(base.uri),
        `originalUriBaseIds.${id}.uri must be an absolute file URI ending in "/"`,
      );
    need(
      Array.isArray(run.results) && run.results.length <= 25_000,
      `runs[${r}].results[] is required (at most 25,000)`,
    );
    for (const [i, result] of (run.results ?? []).entries()) {
      const at = `runs[${r}].results[${i}] (${result.ruleId})`;
      need(text(result.message?.text), `${at}: message.text is required`);
      need(driver.rules?.[result.ruleIndex]?.id === result.ruleId, `${at}: ruleIndex does not point at ruleId`);
      need(
        text(result.partialFingerprints?.primaryLocationLineHash),
        `${at}: partialFingerprints.primaryLocationLineHash (the one code scanning reads)`,
      );
      need(
        Array.isArray(result.locations) && result.locations.length >= 1 && result.locations.length <= 10,
        `${at}: 1 to 10 locations (code scanning shows no result without one)`,
      );
      for (const location of result.locations ?? [])
        problems.push(...physicalProblems(location.physicalLocation, bases, at));
    }
  }
  return problems;
}

function physicalProblems(physical: any, bases: Record<string, unknown>, at: string): string[] {
  const problems: string[] = [];
  const artifact = physical?.artifactLocation ?? {};
  if (typeof artifact.uri !== "string" || artifact.uri === "") problems.push(`${at}: artifactLocation.uri is required`);
  else if (artifact.uriBaseId !== undefined) {
    if (!(artifact.uriBaseId in bases))
      problems.push(`${at}: uriBaseId ${artifact.uriBaseId} is not declared in originalUriBaseIds`);
    if (/^[a-z][a-z0-9+.-]*:/i.test(artifact.uri) || artifact.uri.startsWith("/"))
      problems.push(`${at}: a uri with a uriBaseId must be relative: ${artifact.uri}`);
  } else if (!artifact.uri.startsWith("file:///"))
    problems.push(`${at}: a uri without a uriBaseId must be an absolute file URI: ${artifact.uri}`);
  const region = physical?.region;
  if (!Number.isInteger(region?.startLine) || region.startLine < 1)
    problems.push(`${at}: region.startLine is required`);
  if (!Number.isInteger(region?.startColumn) || region.startColumn < 1)
    problems.push(`${at}: region.startColumn is required`);
  return problems;
}
