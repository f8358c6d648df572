// Plans every answer against the state, shows it as a diff, and commits it through the engine's one
// transaction (lock, backup, atomic write, history: `clawdia doctor --undo` undoes it). Nothing is
// written before the commit, not even the housekeeping every command does on load: the preview folds
// the Claude Code sync in, so the diff the user confirms is what the files end up as.
import { commit, preview } from "../engine/pipeline.js";
import { plannedFiles, syncChanges } from "../engine/plan.js";
import { applyOpsToFile, groupOpsByFile } from "../engine/file-ops.js";
import { withOps } from "../engine/virtual-state.js";
import { UserError } from "../errors.js";
import { openState, type OpenedState } from "../engine/open-state.js";
import type { RawFile } from "../snapshot/raw-file.js";
import { buildSnapshot } from "../snapshot/snapshot.js";
import type { Change } from "../types.js";
import { planCredential } from "./plan.js";
import type { CredentialAnswer, CredentialPlan } from "./types.js";

export const COMMAND = "onboard";
/** The history's name for the load-time housekeeping (migrations, sync) run just before the commit. */
const HOUSEKEEPING_COMMAND = "onboard (housekeeping on load)";

export interface Preview {
  state: OpenedState;
  /** The sync every command does on load, when it has something to do. */
  sync: Change[];
  plans: CredentialPlan[];
  /** Only the changes that edit something. */
  changes: Change[];
  /** A unified diff of everything that will change, secrets masked. */
  diff: string;
  /** Each touched file's text after the commit (undefined: absent). */
  finalTexts: Map<string, string | undefined>;
}

/** Reads the state without writing anything (the housekeeping waits for the commit). */
export function openForOnboarding(stateDir: string | undefined): Promise<OpenedState> {
  return openState(stateDir, COMMAND, false);
}

/**
 * The state as the sync would leave it: what `models status` would show, and what answers are planned
 * on. Not for the agent a setup-token goes to (`skips`): its profile takes the printed token, never a
 * copy of Claude Code's login.
 */
export function afterSync(state: OpenedState, skips: readonly string[] = []): OpenedState {
  const ops = syncChanges(state.snapshot, state.now, skips).flatMap((change) => change.ops);
  return { ...state, snapshot: buildSnapshot(withOps(state.snapshot.raw, ops)) };
}

/** The agents whose anthropic:claude-cli an answer sets: the sync leaves them alone. */
function syncSkipsFor(state: OpenedState, answers: readonly Pick<CredentialAnswer, "choice">[]): string[] {
  return answers.some((answer) => answer.choice === "setup-token") ? [state.snapshot.configView.defaultAgentId] : [];
}

/** Plans the answers on a state read with openForOnboarding, as the sync will leave it. */
export function previewOnboarding(
  state: OpenedState,
  answers: CredentialAnswer[],
  secrets: string[],
): Promise<Preview> {
  return previewOn(state, answers, secrets, true);
}

export interface Committed {
  preview: Preview;
  runId?: string;
}

/**
 * Runs the housekeeping every command runs on load (migrations, sync), plans the answers again on the
 * result and commits them. When the files would end up differently from what the user confirmed (the
 * gateway wrote in between), `reconfirm` sees the new diff first; without it (scripts) the fresh plan,
 * checked again, is committed.
 */
export async function commitOnboarding(
  stateDir: string | undefined,
  answers: CredentialAnswer[],
  confirmed: Preview,
  secrets: string[],
  reconfirm?: (fresh: Preview) => Promise<boolean>,
): Promise<Committed> {
  const syncSkips = syncSkipsFor(confirmed.state, answers);
  const fresh = await previewOn(
    await openState(stateDir, HOUSEKEEPING_COMMAND, true, { syncSkips }),
    answers,
    secrets,
    false,
  );
  if (reconfirm && !sameOutcome(confirmed, fresh) && !(await reconfirm(fresh))) {
    const loaded = fresh.state.notes.length
      ? ` (only what every command does on load: ${fresh.state.notes.join("; ")})`
      : "";
    throw new UserError(`declined; onboarding wrote nothing${loaded}`, 1);
  }
  if (fresh.changes.length === 0) return { preview: fresh };
  const result = await commit(fresh.state.snapshot.raw, fresh.changes, COMMAND);
  return { preview: fresh, runId: result.runId };
}

async function previewOn(
  state: OpenedState,
  answers: CredentialAnswer[],
  secrets: string[],
  withSync: boolean,
): Promise<Preview> {
  const raw = state.snapshot.raw;
  const sync = withSync ? syncChanges(state.snapshot, state.now, syncSkipsFor(state, answers)) : [];
  const virtual = buildSnapshot(
    withOps(
      raw,
      sync.flatMap((change) => change.ops),
    ),
  );
  const plans = answers.map((answer) =>
    planCredential({ snapshot: virtual, paths: state.paths, now: state.now }, answer),
  );
  const changes = plans.map((plan) => plan.change).filter((change) => change.ops.length > 0);
  const shown = changes.length ? [...sync, ...changes] : [];
  const originals = plannedFiles(raw);
  const diff = await preview(shown, raw, secrets, originals);
  return { state, sync, plans, changes, diff, finalTexts: finalTexts(shown, originals) };
}

function finalTexts(changes: Change[], originals: Map<string, RawFile>): Map<string, string | undefined> {
  const texts = new Map<string, string | undefined>();
  for (const [file, ops] of groupOpsByFile(changes.flatMap((change) => change.ops))) {
    const before = originals.get(file)?.text;
    texts.set(file, applyOpsToFile(before, ops).text ?? before);
  }
  return texts;
}

/** Whether committing `fresh` leaves every file the user saw in the preview as the preview showed it. */
function sameOutcome(confirmed: Preview, fresh: Preview): boolean {
  const originals = plannedFiles(fresh.state.snapshot.raw);
  const after = finalTexts(fresh.changes, originals);
  for (const file of new Set([...confirmed.finalTexts.keys(), ...after.keys()])) {
    const expected = confirmed.finalTexts.has(file) ? confirmed.finalTexts.get(file) : originals.get(file)?.text;
    const actual = after.has(file) ? after.get(file) : originals.get(file)?.text;
    if (expected !== actual) return false;
  }
  return true;
}
