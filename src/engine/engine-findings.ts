// The findings the engine reports itself, not a rule: declared and documented like rules, so that
// `doctor --explain` and SARIF's rule list describe them too. Only rules can be selected with
// --only and --skip: these are about the run, not the state.
import type { Rule } from "../rule.js";

export type EngineFindingDoc = Pick<Rule, "id" | "title" | "category" | "severity" | "fix" | "docs">;

export const INTERRUPTED_RUN: EngineFindingDoc = {
  id: "engine/interrupted-run",
  title: "An earlier run was stopped half-way",
  category: "engine",
  severity: "warning",
  fix: "manual",
  docs: `A run that writes (doctor with repairs, migrate, onboard, an undo) was killed, or the machine
stopped, between its first and its last file. Each file it touched holds either its old or its new
content, never a mix, and the run's backup holds every old one. The finding stays until the run is
undone (or, for an undo that was stopped, until it is finished).

Bad:  doctor was killed while applying repairs: run 20261202-101500-ab12 is half done.
Good: \`clawdia doctor --undo\` puts every file of that run back as it was before it (or finishes the
      stopped undo); then run \`clawdia doctor\` again.`,
};

export const MIGRATION_FAILED: EngineFindingDoc = {
  id: "migrate/failed",
  title: "A migration could not be planned",
  category: "migrate",
  severity: "error",
  fix: "none",
  docs: `A pending migration could not be planned on this state (a file it needs is unreadable, or holds
something the migration does not know how to move). Migrations apply all or nothing: none was
applied, and the state is as it was.

Bad:  migration auth.json-to-auth-profiles failed on agents/main/agent/auth.json: it does not parse.
Good: \`clawdia migrate --dry-run\` names the file and the problem; mend the file (or move it aside),
      then \`clawdia migrate\`.`,
};

export const ENGINE_FINDINGS: readonly EngineFindingDoc[] = [INTERRUPTED_RUN, MIGRATION_FAILED];
