// The shapes shared by the engine, the rules and the migrations. Nothing here does anything.

export type Severity = "error" | "warning" | "info";

/** How a change may be applied: see DESIGN.md §2 "plan". */
export type Safety = "safe" | "unsafe" | "manual";

/** What a finding is about. `path` is a JSON path inside `file`, used for line:column in reports. */
export interface Subject {
  agentId?: string;
  profileId?: string;
  provider?: string;
  file?: string;
  path?: (string | number)[];
  /** A position known without a JSON path (a parse error): reports use it as is. */
  line?: number;
  column?: number;
}

/** One operation on one file. Operations are replayed on the file's text as it was loaded. */
export type FileOp =
  /** Set (or, with `value: undefined`, remove) a JSON value; comments and formatting elsewhere survive. */
  | { kind: "json-set"; file: string; path: (string | number)[]; value: unknown }
  /** Set (or, with `value: undefined`, remove) one variable of a dotenv file; other lines survive. */
  | { kind: "dotenv-set"; file: string; key: string; value: string | undefined }
  /** Replace the whole file (new files, or formats that are not JSON); `from` when it is a move. */
  | { kind: "write"; file: string; content: string; from?: string }
  /** Remove a file (the second half of a move: its content is written elsewhere by the same change). */
  | { kind: "delete"; file: string }
  /** Change the permission bits of a file or directory. */
  | { kind: "chmod"; file: string; mode: number };

/** A proposed change: a fix, a migration or the sync pass. Applied whole or not at all. */
export interface Change {
  id: string;
  title: string;
  source: "migration" | "sync" | "fix";
  safety: Safety;
  ops: FileOp[];
  /** For migrations: the release that introduced the new shape, and each file's sha256 around it. */
  migration?: { version: string; files: { path: string; sha256Before: string | null; sha256After: string | null }[] };
}

/** What a rule returns for one problem. */
export interface RuleFinding {
  message: string;
  subject?: Subject;
  advice?: string[];
  /** Overrides the rule's default severity for this finding. */
  severity?: Severity;
  /** When what it reports ends by itself (a cooldown), as an ISO time: for scripts; the message says it in words. */
  until?: string;
  /** The edits that repair it; absent for advice-only findings. */
  fix?: { title: string; ops: FileOp[]; safety?: Safety };
}

export type ChangeStatus =
  | "applied"
  | "would-apply" // --dry-run
  | "needs-fix" // unsafe: run with --fix
  | "declined" // unsafe, refused at the prompt or no TTY without --yes
  | "dropped" // the file changed on disk, was locked, or could not be written
  | "manual"; // advice only

/** A finding as reported. */
export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  subject: Subject;
  advice: string[];
  until?: string;
  fix?: { id: string; title: string; safety: Safety; applied: boolean };
}
