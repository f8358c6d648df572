// Whether the files that decide an agent's credentials could be read at all. A config or auth store
// that cannot be read or parsed, or Claude Code credentials that exist but are broken (a file that
// does not parse, a CLAUDE_CODE_OAUTH_TOKEN that cannot be a token), make the verdict "broken"
// (exit 1): what the gateway will get cannot be known, and is never a pass.
import { displayPath } from "../paths.js";
import { claudeCodeSourceLabel } from "../snapshot/claude-code.js";
import type { JsonDocument, Snapshot } from "../snapshot/snapshot.js";

export interface StateProblem {
  file: string;
  line?: number;
  column?: number;
  /** In words, with the position: "~/.clawdia/clawdia.json:3:7: expected a value". */
  message: string;
}

/** What keeps `provider`'s credentials for `agentId` from being known; empty when everything was read. */
export function unreadableState(snapshot: Snapshot, agentId: string, provider: string): StateProblem[] {
  const home = snapshot.raw.paths.home;
  const problems: StateProblem[] = [];
  const config = documentProblem(snapshot.config, home);
  if (config) problems.push(config);
  const store = snapshot.agentById.get(agentId)?.store;
  const storeProblem = store && documentProblem(store, home);
  if (storeProblem) problems.push(storeProblem);
  const claude = snapshot.claudeCode;
  if (provider === "anthropic" && claude.problem && claude.source !== "none") {
    const where = claude.source === "env" ? `in ${claude.location}` : claudeCodeSourceLabel(claude, home);
    const at = claude.problemAt ? `:${claude.problemAt.line}:${claude.problemAt.column}` : "";
    problems.push({
      file: claude.location,
      line: claude.problemAt?.line,
      column: claude.problemAt?.column,
      message: `Claude Code's credentials ${where}${at}: ${claude.problem}`,
    });
  }
  return problems;
}

function documentProblem(document: JsonDocument, home: string): StateProblem | undefined {
  const { file } = document;
  const shown = displayPath(file.path, home);
  if (file.status === "missing") return undefined;
  if (file.status !== "ok")
    return { file: file.path, message: `${shown} cannot be read: ${file.error ?? file.status}` };
  const first = document.problems[0];
  if (!first) return undefined;
  return {
    file: file.path,
    line: first.line,
    column: first.column,
    message: `${shown}:${first.line}:${first.column}: ${first.message}`,
  };
}
