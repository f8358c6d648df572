// The invariants the full-disk tests check after each attempt, as plain functions that return what
// broke in words ("~/.clawdia/clawdia.json: file 600, 466 bytes → absent"), so one failing test can
// list every broken invariant of every attempt. Trees are test/e2e/helpers.ts tree() of the home.
import fs from "node:fs";
import path from "node:path";
import type { Sandbox } from "../e2e/helpers.js";

export type Tree = Record<string, string>;

/** doctor's own records: backups/ and doctor/ of the state dir (tree paths are relative to the home). */
const RECORDS = /^\.clawdia\/(backups|doctor)(\/|$)/;
const HISTORY = ".clawdia/doctor/history.jsonl";
export const TEMP = /\.tmp$/;
const LOCK = /\.lock(\/|$)/;

export const userPart = (t: Tree): Tree => Object.fromEntries(Object.entries(t).filter(([rel]) => !RECORDS.test(rel)));
const recordsPart = (t: Tree): Tree => Object.fromEntries(Object.entries(t).filter(([rel]) => RECORDS.test(rel)));

export function describeEntry(entry: string | undefined): string {
  if (entry === undefined) return "absent";
  const [kind, mode, data] = entry.split(" ");
  return kind === "file" ? `file ${mode}, ${Buffer.from(data ?? "", "base64").length} bytes` : entry;
}

const sizeOf = (entry: string | undefined) =>
  entry?.startsWith("file ") ? Buffer.from(entry.split(" ")[2] ?? "", "base64").length : 0;

/**
 * What differs between two trees, one line per entry ("~/rel: old → new (what it is)"). Many entries
 * of one kind (40 agents) become one line with the count and two examples.
 */
export function diffTree(before: Tree, after: Tree): string[] {
  const groups = new Map<string, string[]>();
  for (const rel of [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()) {
    if (before[rel] === after[rel]) continue;
    const kind = TEMP.test(rel)
      ? "a temp file is left"
      : LOCK.test(rel)
        ? "a lock is left"
        : before[rel] === undefined
          ? "new"
          : after[rel] === undefined
            ? "gone"
            : "changed";
    const same = describeEntry(before[rel]) === describeEntry(after[rel]) ? " (other bytes)" : "";
    const line = `~/${rel}: ${describeEntry(before[rel])} → ${describeEntry(after[rel])}${same}`;
    groups.set(kind, [...(groups.get(kind) ?? []), line]);
  }
  return [...groups].flatMap(([kind, lines]) =>
    lines.length <= 4
      ? lines.map((line) => `${line} (${kind})`)
      : [`${lines.length} entries (${kind}), e.g. ${lines.slice(0, 2).join("; ")}; …`],
  );
}

/** The user's files (as doctor shows them, "~/…") whose content or mode changed; temp files and locks aside. */
export function changedTargets(before: Tree, after: Tree): Set<string> {
  const rels = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(
    (rel) => before[rel] !== after[rel] && !TEMP.test(rel) && !LOCK.test(rel),
  );
  return new Set(rels.map((rel) => `~/${rel}`));
}

/** Only empty directories and an empty new history file are new; nothing else differs. */
export function untouched(before: Tree, after: Tree): boolean {
  const allowed = (rel: string) => after[rel].startsWith("dir ") || (rel === HISTORY && sizeOf(after[rel]) === 0);
  return (
    Object.keys(before).every((rel) => rel in after) &&
    Object.keys(after).every((rel) => after[rel] === before[rel] || (!(rel in before) && allowed(rel)))
  );
}

export interface History {
  text: string;
  lines: string[];
  records: any[];
}

export function readHistory(box: Sandbox): History {
  const file = box.state("doctor", "history.jsonl");
  const text = fs.existsSync(file) ? fs.readFileSync(file, "utf8") : "";
  const lines = text.split("\n").filter((line) => line.trim());
  const records = lines.flatMap((line) => {
    try {
      return [JSON.parse(line)];
    } catch {
      return [];
    }
  });
  return { text, lines, records };
}

/** (e): every line of the history is one whole JSON record, and the file ends with a newline. */
export function tornHistory(box: Sandbox): string[] {
  const { text, lines } = readHistory(box);
  const torn = lines.flatMap((line, i) => {
    try {
      JSON.parse(line);
      return [];
    } catch {
      return [
        `history line ${i + 1} is torn (${Buffer.byteLength(line)} bytes, ends ${JSON.stringify(line.slice(-40))})`,
      ];
    }
  });
  if (text.length && !text.endsWith("\n"))
    torn.push(`the history does not end with a newline (${Buffer.byteLength(text)} bytes)`);
  return torn;
}

/**
 * backups/ and doctor/ after a failed run: nothing new but directories and an empty history file (it
 * is opened before anything is written), nothing changed. What is left is reported per backup
 * directory, with what its manifest claims: a manifest with no history line is an interrupted run to
 * doctor, and --undo acts on it.
 */
export function recordLeftovers(before: Tree, after: Tree, historyBefore: History, box: Sandbox): string[] {
  const lines: string[] = [];
  const was = recordsPart(before);
  const now = recordsPart(after);
  const runs = new Set(readHistory(box).records.map((record) => record.runId));
  const newBackups = new Map<string, string[]>();
  for (const rel of Object.keys(now).sort()) {
    if (now[rel] === was[rel] || now[rel].startsWith("dir ")) continue;
    const run = /^(\.clawdia\/backups\/[^/]+)\//.exec(rel)?.[1];
    if (run && !(rel in was)) newBackups.set(run, [...(newBackups.get(run) ?? []), rel]);
    else if (rel === HISTORY) {
      if (!(rel in was) && sizeOf(now[rel]) === 0) continue;
      const added = readHistory(box).text.slice(historyBefore.text.length);
      lines.push(
        `~/${rel}: ${historyBefore.text.length} → ${sizeOf(now[rel])} bytes although the run failed (added ${JSON.stringify(added.slice(0, 60))}${added.length > 60 ? "…" : ""})`,
      );
    } else
      lines.push(
        `~/${rel}: doctor's record ${rel in was ? "changed" : "is new"}: ${describeEntry(was[rel])} → ${describeEntry(now[rel])}`,
      );
  }
  for (const [run, rels] of newBackups) {
    const copies = rels.filter((rel) => !rel.endsWith("/manifest.json"));
    const empty = copies.filter((rel) => sizeOf(now[rel]) === 0).length;
    const parts = copies.length
      ? [`${copies.length} backup file${copies.length > 1 ? "s" : ""}${empty ? ` (${empty} of them empty)` : ""}`]
      : [];
    const manifest = rels.find((rel) => rel.endsWith("/manifest.json"));
    if (manifest) parts.push(manifestClaim(path.join(box.home, manifest), sizeOf(now[manifest]), runs));
    lines.push(`~/${run}/ left behind: ${parts.join(", ")}`);
  }
  for (const rel of Object.keys(was))
    if (!(rel in now)) lines.push(`~/${rel}: doctor's record is gone (was ${describeEntry(was[rel])})`);
  return lines;
}

function manifestClaim(file: string, size: number, runs: Set<string>): string {
  try {
    const manifest = JSON.parse(fs.readFileSync(file, "utf8"));
    return `a complete manifest claiming ${manifest.files?.length} files${runs.has(manifest.runId) ? "" : " with no history line (doctor reports an interrupted run)"}`;
  } catch {
    return size === 0 ? "a 0-byte manifest" : `a partial manifest (${size} bytes, not JSON)`;
  }
}

/**
 * doctor's text report ends with "Changes", one line per change: "<title>: applied (<files>)" or
 * "<title>: dropped: <reason> (<files>)". Its claims must be what is on disk: a file that changed has a
 * change reported applied, and a change reported applied changed one of its files.
 */
export function falseDoctorClaims(stdout: string, changedFiles: Set<string>): string[] {
  const section = stdout.split("\nChanges\n")[1]?.split("\n\n")[0] ?? "";
  const claims = section
    .split("\n")
    .filter((line) => line.trim())
    .map((line) => ({
      line: line.trim(),
      applied: /: applied( \(|$)/.test(line),
      files: (/\(([^()]*)\)$/.exec(line)?.[1] ?? "").split(", ").filter(Boolean),
    }));
  const denied = [...changedFiles].filter((file) => {
    const about = claims.filter((claim) => claim.files.includes(file));
    return about.length > 0 && !about.some((claim) => claim.applied);
  });
  const lines: string[] = [];
  if (denied.length) {
    const example = claims.find((claim) => claim.files.includes(denied[0]))!.line;
    lines.push(
      `${denied.length} file${denied.length > 1 ? "s" : ""} changed on disk but every change to ${denied.length > 1 ? "them" : "it"} is reported not applied: ${denied.slice(0, 3).join(", ")}${denied.length > 3 ? ", …" : ""} (e.g. "${example}")`,
    );
  }
  const unfounded = claims.filter((claim) => claim.applied && !claim.files.some((file) => changedFiles.has(file)));
  if (unfounded.length)
    lines.push(
      `${unfounded.length} change${unfounded.length > 1 ? "s" : ""} reported applied but none of ${unfounded.length > 1 ? "their" : "its"} files changed, e.g. "${unfounded[0].line}"`,
    );
  return lines;
}
