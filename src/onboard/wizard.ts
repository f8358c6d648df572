// `clawdia onboard` on a terminal: says what it found, then per provider asks the method, the secret
// (hidden) and where it goes; shows the diff and asks before writing; runs the checks; says how to
// restart the daemon. Every prompt is @clack/prompts; Ctrl-C anywhere writes nothing.
import { CLAUDE_CLI_PROFILE } from "../auth/advice.js";
import { envKeyFor, SETUP_TOKEN_LIFETIME_MS } from "../auth/providers.js";
import { setupTokenProblem } from "../auth/token-shape.js";
import { acceptedProviders } from "../auth/known-providers.js";
import { installedDaemon, type InstalledDaemon } from "../daemon/installed.js";
import type { OpenedState } from "../engine/open-state.js";
import { runClaudeSetupToken } from "../auth/claude-setup-token.js";
import { parseDuration } from "../duration.js";
import { UsageError, UserError } from "../errors.js";
import { displayPath } from "../paths.js";
import { currentPlatform } from "../seams.js";
import { collectSecrets } from "../secrets.js";
import { existingAt } from "./existing.js";
import { describeFound, providerHints } from "./found.js";
import { defaultStore } from "./options.js";
import { targetFor } from "./plan.js";
import { claudeCodeRefusal, isClaudeCodeKeyMixUp, keyProblem, onboardTokenProblem } from "./secret-checks.js";
import {
  checkLines,
  exitCodeOf,
  nextLines,
  runClosingChecks,
  usageLines,
  writtenLines,
  type Outcome,
} from "./summary.js";
import { afterSync, commitOnboarding, previewOnboarding, openForOnboarding } from "./transaction.js";
import type { AuthChoice, CredentialAnswer, KeyStore } from "./types.js";
import { WizardUi, type Choice } from "./ui.js";
import { fingerprint } from "../auth/fingerprint.js";
import { printable } from "../report/printable.js";

const FEATURED = ["anthropic", "openai", "openrouter"];
const NAMES: Record<string, string> = { anthropic: "Anthropic", openai: "OpenAI", openrouter: "OpenRouter" };
const OTHER = "(another)";

interface Session {
  ui: WizardUi;
  stateDir: string | undefined;
  /** The state as the sync would leave it; read again after `claude setup-token` ran. */
  state: OpenedState;
  daemon?: InstalledDaemon;
}

export async function runWizard(stateDir: string | undefined): Promise<number> {
  const ui = new WizardUi();
  const state = afterSync(await openForOnboarding(stateDir));
  ui.remember(collectSecrets(state.snapshot));
  const session: Session = { ui, stateDir, state, daemon: installedDaemon(state.paths, currentPlatform()) };
  ui.intro("clawdia onboard: model credentials");
  ui.note(describeFound(state.snapshot, state.now, session.daemon).join("\n"), "What I found");

  const answers: CredentialAnswer[] = [];
  for (;;) {
    const answer = await askCredential(
      session,
      answers.map((a) => a.provider),
    );
    if (answer) answers.push(answer);
    if (!(await ui.confirm("Set up another provider?", false))) break;
  }
  if (answers.length === 0) {
    ui.outro("Nothing to set up; nothing was written.");
    return 0;
  }

  const preview = await previewOnboarding(await openForOnboarding(stateDir), answers, ui.secrets);
  let runId: string | undefined;
  let plans = preview.plans;
  let housekeeping: string[] = [];
  if (preview.changes.length === 0) {
    ui.info("Nothing to change: every credential is already stored as you chose.");
  } else {
    if (preview.sync.length)
      ui.info(
        `Clawdia also syncs Claude Code's credentials, as every command does when it loads the state: ${preview.sync.map((c) => c.title).join("; ")}`,
      );
    ui.note(preview.diff.trimEnd(), "What will change (secrets shown as fingerprints)");
    if (!(await ui.confirm("Write these changes?", true))) {
      ui.outro("Nothing was written.");
      return 1;
    }
    const committed = await commitOnboarding(stateDir, answers, preview, ui.secrets, async (fresh) => {
      ui.warn("The files changed while you answered (the gateway may have written them). The changes are now:");
      ui.note(fresh.diff.trimEnd() || "(nothing left to change)", "What will change");
      return ui.confirm("Write these changes?", false);
    });
    runId = committed.runId;
    plans = committed.preview.plans;
    housekeeping = committed.preview.state.notes;
  }

  const outcome: Outcome = {
    plans,
    runId,
    housekeeping,
    checks: await runClosingChecks(stateDir),
    daemon: session.daemon,
    now: state.now,
  };
  ui.remember(outcome.checks.secrets);
  ui.note(writtenLines(outcome).join("\n"), runId || housekeeping.length ? "Written" : "Unchanged");
  ui.note([...usageLines(outcome), "", ...checkLines(outcome)].join("\n"), "Checks");
  const next = nextLines(outcome);
  for (const line of next.slice(0, -1)) (session.daemon ? ui.warn : ui.info).call(ui, line);
  ui.outro(next.at(-1)!);
  return exitCodeOf(outcome);
}

/** One provider's answers, or undefined when the user keeps what is there. */
async function askCredential(session: Session, done: string[]): Promise<CredentialAnswer | undefined> {
  const provider = await chooseProvider(session, done);
  let choice = await chooseMethod(session, provider);
  for (;;) {
    if (choice === "setup-token") {
      const answer = await askSetupToken(session);
      if (answer) return confirmReplacement(session, answer);
      choice = await chooseMethod(session, provider);
      continue;
    }
    if (choice === "token") return confirmReplacement(session, await askToken(session, provider));
    const key = await session.ui.secret(
      `Paste your ${NAMES[provider] ?? provider} API key (${envKeyFor(provider)}); it is not shown`,
      (value) => (isClaudeCodeKeyMixUp(value, provider) ? undefined : keyProblem(value, provider)),
    );
    if (isClaudeCodeKeyMixUp(key, provider)) {
      session.ui.error(claudeCodeRefusal(key));
      choice = await session.ui.select("What now?", [
        { value: "api-key", label: "Paste an Anthropic API key instead", hint: "recommended" },
        { value: "setup-token", label: "Use the Claude Code setup-token method", hint: "runs `claude setup-token`" },
      ]);
      continue;
    }
    const store = await chooseStore(session, provider);
    return confirmReplacement(session, {
      provider,
      choice: "api-key",
      secret: key,
      store,
      profileId: store === "profile" ? `${provider}:default` : undefined,
    });
  }
}

async function chooseProvider(session: Session, done: string[]): Promise<string> {
  const { snapshot, now } = session.state;
  const hints = providerHints(snapshot, now);
  const listed = [...new Set([...FEATURED, ...hints.keys()])].filter((provider) => !done.includes(provider));
  const choices: Choice<string>[] = listed.map((provider) => ({
    value: provider,
    label: NAMES[provider] ?? provider,
    hint: [hints.get(provider) ?? "not in use", provider === "anthropic" ? "an API key is recommended" : ""]
      .filter(Boolean)
      .join("; "),
  }));
  choices.push({ value: OTHER, label: "Another provider…", hint: "any provider with a <PROVIDER>_API_KEY" });
  const chosen = await session.ui.select("Which provider do you want to set up?", choices);
  if (chosen !== OTHER) return chosen;
  const known = acceptedProviders(snapshot);
  const name = await session.ui.text("Provider name (e.g. groq, mistral, deepseek)", (value) => {
    const provider = value.trim().toLowerCase();
    if (!known.includes(provider))
      return `unknown provider "${printable(provider)}"; known: ${known.map(printable).join(", ")}`;
    if (done.includes(provider)) return `${provider} is already set up in this session`;
    return undefined;
  });
  return name.trim().toLowerCase();
}

async function chooseMethod(session: Session, provider: string): Promise<AuthChoice> {
  const choices: Choice<AuthChoice>[] = [
    {
      value: "api-key",
      label: "API key",
      hint: provider === "anthropic" ? "recommended; from the Anthropic Console" : envKeyFor(provider),
    },
  ];
  if (provider === "anthropic")
    choices.push({
      value: "setup-token",
      label: "Claude Code setup-token",
      hint: "your Claude subscription; runs `claude setup-token` here",
    });
  choices.push({ value: "token", label: "Paste a token", hint: "a token you already have, stored as a profile" });
  return session.ui.select(`How should Clawdia authenticate to ${NAMES[provider] ?? provider}?`, choices);
}

async function chooseStore(session: Session, provider: string): Promise<KeyStore> {
  const { paths, snapshot } = session.state;
  const daemon = !!session.daemon;
  const choices: Choice<KeyStore>[] = [
    {
      value: "dotenv",
      label: `${displayPath(paths.dotenvPath, paths.home)} as ${envKeyFor(provider)}`,
      hint: daemon ? "recommended: the installed daemon reads it" : "the gateway reads it when it starts",
    },
    {
      value: "profile",
      label: `Profile ${provider}:default in agent ${snapshot.configView.defaultAgentId}'s auth store`,
      hint: daemon ? "only this agent" : "recommended",
    },
  ];
  return session.ui.select("Where should the key go?", choices, defaultStore(daemon));
}

async function askToken(session: Session, provider: string): Promise<CredentialAnswer> {
  const token = await session.ui.secret(`Paste the ${NAMES[provider] ?? provider} token; it is not shown`, (value) =>
    onboardTokenProblem(value, provider),
  );
  const lifetime = await session.ui.text(
    "When does it expire? (e.g. 365d, 12h; leave empty if you do not know)",
    (value) => (value.trim() === "" ? undefined : durationProblem(value)),
    "365d",
  );
  const expiresInMs = lifetime.trim() === "" ? undefined : parseDuration(lifetime, "the expiry");
  return { provider, choice: "token", secret: token, store: "profile", profileId: `${provider}:manual`, expiresInMs };
}

/**
 * Runs `claude setup-token` and takes the token it printed (read off the screen, else pasted): it saves
 * it nowhere. Undefined when it could not run (the user picks another method).
 */
async function askSetupToken(session: Session): Promise<CredentialAnswer | undefined> {
  const { ui } = session;
  ui.info("Running `claude setup-token` on this terminal…");
  let printed: string | undefined;
  try {
    printed = (await runClaudeSetupToken()).printed;
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    ui.error(error.message);
    return undefined;
  }
  // Read again (the login took a while), without copying Claude Code's login where the token goes.
  const state = await openForOnboarding(session.stateDir);
  session.state = afterSync(state, [state.snapshot.configView.defaultAgentId]);
  ui.remember(collectSecrets(session.state.snapshot));
  let token: string;
  if (printed !== undefined && !setupTokenProblem(printed)) {
    token = printed;
    ui.remember([token]);
    ui.success(`Took the token \`claude setup-token\` printed (${fingerprint(token)}); it is valid for a year.`);
  } else {
    token = await ui.secret("Paste the token that `claude setup-token` printed; it is not shown", setupTokenProblem);
  }
  return {
    provider: "anthropic",
    choice: "setup-token",
    secret: token,
    store: "profile",
    profileId: CLAUDE_CLI_PROFILE,
    expiresInMs: SETUP_TOKEN_LIFETIME_MS,
  };
}

/** Says what a new credential replaces; asks before replacing one that works. */
async function confirmReplacement(session: Session, answer: CredentialAnswer): Promise<CredentialAnswer | undefined> {
  const planning = session.state;
  const existing = existingAt(planning, answer, targetFor(planning.snapshot, answer));
  if (!existing || existing.state === "same") return answer;
  const old = fingerprint(existing.secret);
  if (existing.state === "broken") {
    session.ui.warn(
      `${existing.label} holds ${old}, which cannot work (${existing.reason}): it will be replaced by ${fingerprint(answer.secret)}.`,
    );
    return answer;
  }
  session.ui.warn(`${existing.label} already holds a different credential that works: ${old}.`);
  if (await session.ui.confirm(`Replace ${old} with ${fingerprint(answer.secret)}?`, false))
    return { ...answer, replace: true };
  session.ui.info(`Kept ${old}; nothing will change for ${answer.provider}.`);
  return undefined;
}

function durationProblem(value: string): string | undefined {
  try {
    parseDuration(value, "the expiry");
    return undefined;
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
}
