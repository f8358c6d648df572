// What already sits where a credential would go, and whether replacing it could lose something that
// works. A working credential is never replaced without asking; one that cannot work is replaced and
// the user is told why.
import { modeAccepts } from "../auth/credentials.js";
import { credentialStatus, describeExpiry } from "../auth/status.js";
import { displayPath } from "../paths.js";
import type { PlanningState } from "../auth/store-token.js";
import { keyProblem } from "./secret-checks.js";
import type { CredentialAnswer, Existing, Target } from "./types.js";

const TYPE_WORDS: Record<string, string> = { api_key: "an API key", oauth: "an OAuth credential", token: "a token" };

export function existingAt(state: PlanningState, answer: CredentialAnswer, target: Target): Existing | undefined {
  return target.kind === "dotenv"
    ? existingInDotenv(state, answer, target.envKey)
    : existingProfile(state, answer, target.agentId, target.profileId);
}

function existingInDotenv(state: PlanningState, answer: CredentialAnswer, envKey: string): Existing | undefined {
  const { parsed } = state.snapshot.dotenv;
  const value = parsed.vars[envKey];
  if (value === undefined) return undefined;
  const label = `${envKey} in ${displayPath(state.paths.dotenvPath, state.paths.home)} (line ${parsed.lines[envKey]})`;
  if (value === answer.secret) return { label, secret: value, state: "same" };
  const problem = value === "" ? "it is empty" : keyProblem(value, answer.provider);
  return problem
    ? { label, secret: value, state: "broken", reason: problem }
    : { label, secret: value, state: "working" };
}

function existingProfile(
  state: PlanningState,
  answer: CredentialAnswer,
  agentId: string,
  profileId: string,
): Existing | undefined {
  const { snapshot, now } = state;
  const profile = snapshot.agentById.get(agentId)?.view.profiles.find((p) => p.id === profileId);
  if (!profile) return undefined;
  const label = `${profileId} (agent ${agentId})`;
  const secret = profile.secret ?? "";
  if (secret !== "" && secret === answer.secret) return { label, secret, state: "same" };
  const broken = (reason: string): Existing => ({ label, secret, state: "broken", reason });
  if (!profile.secret) return broken("it holds no credential");
  if (profile.provider !== answer.provider) return broken(`it holds a credential for ${profile.provider}`);
  const mode = snapshot.configView.profiles[profileId]?.mode;
  if (!modeAccepts(mode, profile.type))
    return broken(
      `it holds ${TYPE_WORDS[profile.type] ?? profile.type}, which its config mode "${mode}" does not accept`,
    );
  if (profile.type === "api_key") {
    const problem = keyProblem(profile.secret, profile.provider);
    if (problem) return broken(problem);
  }
  const status = credentialStatus(profile, now, snapshot.configView.expiryWarnHours);
  if (status === "invalid") return broken(profile.unusable!);
  // Renewing a token that has expired or is about to is what a new one is for.
  if (status === "expired" || status === "expiring") return broken(`it ${describeExpiry(profile.expires!, now)}`);
  return { label, secret, state: "working" };
}
