// Where a SARIF result is shown, how its file is named, and what identifies it across runs: code
// scanning shows no result without a location and deduplicates alerts by partialFingerprints.
import { createHash } from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { providerOfModel } from "../auth/providers.js";
import type { Finding, Subject } from "../types.js";
import type { JsonPath } from "./locate.js";

/** What the report knows of the machine's layout, to place the findings that name no file. */
export interface SarifPlaces {
  stateDir: string;
  home: string;
  configPath: string;
  /** The daemon's unit or plist, installed or where it would be; undefined where doctor knows no daemon. */
  daemonFile?: string;
  /** Provider → the config key that puts it in use, when one is written in the config. */
  providerKeys?: Map<string, JsonPath>;
}

export interface ArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

/** The uriBaseIds, in the order a file is tried against them: the state dir first (it may be outside home). */
function uriBases({ stateDir, home }: SarifPlaces): [string, string][] {
  return [
    ["STATEDIR", stateDir],
    ["HOME", home],
  ];
}

/** run.originalUriBaseIds: each base as an absolute file URI ending in "/", as SARIF §3.14.14 asks. */
export function originalUriBaseIds(
  places: SarifPlaces,
): Record<string, { uri: string; description: { text: string } }> {
  const described: Record<string, string> = {
    STATEDIR: "The Clawdia state directory.",
    HOME: "The home directory of the user doctor ran as.",
  };
  return Object.fromEntries(
    uriBases(places).map(([id, dir]) => [id, { uri: directoryUri(dir), description: { text: described[id] } }]),
  );
}

/** A file relative to the first base that holds it; a file outside every base as an absolute file URI. */
export function artifactLocation(file: string, places: SarifPlaces): ArtifactLocation {
  for (const [uriBaseId, dir] of uriBases(places)) {
    const relative = path.relative(dir, file);
    if (relative === "" || relative.startsWith("..") || path.isAbsolute(relative)) continue;
    // Each segment percent-encoded: an agent id with ":" or "%" must not read as a scheme or an escape.
    return { uri: relative.split(path.sep).map(encodeURIComponent).join("/"), uriBaseId };
  }
  return { uri: pathToFileURL(file).href };
}

/**
 * Where a finding is shown: its own file when it names one; a daemon finding at the unit or plist; a
 * provider's finding at the config key that puts the provider in use; anything else at the config.
 */
export function placeOf(finding: Finding, places: SarifPlaces): Subject & { file: string } {
  const { subject } = finding;
  if (subject.file !== undefined) return { ...subject, file: subject.file };
  if (finding.ruleId.startsWith("env/daemon-") && places.daemonFile) return { file: places.daemonFile, line: 1 };
  const key = subject.provider === undefined ? undefined : places.providerKeys?.get(subject.provider);
  if (key) return { file: places.configPath, path: key };
  return { file: places.configPath, line: 1 };
}

/**
 * What a finding is about, hashed: its rule and subject (agent, profile, provider, file relative to its
 * base, JSON path). Never its line (edits above it move it), its message (it holds times and counts)
 * or the home directory, so the same problem has the same identity on every run and machine.
 */
function subjectHash(finding: Finding, places: SarifPlaces): string {
  const { agentId, profileId, provider, file, path: jsonPath } = finding.subject;
  const where = file === undefined ? null : artifactLocation(file, places);
  const identity = [
    finding.ruleId,
    agentId ?? null,
    profileId ?? null,
    provider ?? null,
    where && [where.uriBaseId ?? null, where.uri],
    jsonPath ?? null,
  ];
  return createHash("sha256").update(JSON.stringify(identity)).digest("hex").slice(0, 16);
}

/**
 * partialFingerprints for each finding, in order. GitHub code scanning reads only
 * primaryLocationLineHash ("<hash>:<n>"), and the upload action computes one from the file's lines
 * when it is missing (files that are not in the repository): so ours fills it. n counts the findings of
 * the same identity (dotenv lines known only by their line number), as GitHub's own does.
 */
export function partialFingerprints(findings: Finding[], places: SarifPlaces): { primaryLocationLineHash: string }[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const hash = subjectHash(finding, places);
    const n = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, n);
    return { primaryLocationLineHash: `${hash}:${n}` };
  });
}

/**
 * Provider → the first config key that puts it in use, in providersInUse's order (models.default,
 * models.aliases, auth.profiles). Only keys written in the config: the built-in default model has none.
 */
export function providerKeysOf(config: unknown): Map<string, JsonPath> {
  const keys = new Map<string, JsonPath>();
  const add = (provider: string | undefined, key: JsonPath) => {
    if (provider && !keys.has(provider)) keys.set(provider, key);
  };
  const models = objectAt(config, "models");
  if (typeof models.default === "string") add(providerOfModel(models.default), ["models", "default"]);
  for (const [alias, model] of Object.entries(objectAt(models, "aliases"))) {
    if (typeof model === "string") add(providerOfModel(model), ["models", "aliases", alias]);
  }
  for (const [id, profile] of Object.entries(objectAt(objectAt(config, "auth"), "profiles"))) {
    const provider = isObject(profile) && typeof profile.provider === "string" ? profile.provider : undefined;
    add(provider ?? id.split(":")[0], provider ? ["auth", "profiles", id, "provider"] : ["auth", "profiles", id]);
  }
  return keys;
}

function directoryUri(dir: string): string {
  const href = pathToFileURL(dir).href;
  return href.endsWith("/") ? href : href + "/";
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function objectAt(value: unknown, key: string): Record<string, unknown> {
  const child = isObject(value) ? value[key] : undefined;
  return isObject(child) ? child : {};
}
