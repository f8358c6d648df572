// The `/model` chat command the gateway accepts in a session (authentication-doc.txt, "Per-session"):
// `/model` or `/model list` (the picker), `/model status` (candidates and next profile), and
// `/model <alias-or-id>[@<profileId>]` (switch model, optionally pinning a credential). Pure: the
// gateway passes the agent's config and auth store, and acts on the result.
import { viewConfig, type ConfigView } from "../snapshot/views.js";
import { PinError, resolveAuthCandidates } from "./candidates.js";
import { providerOfModel } from "./providers.js";

export type ModelDirective =
  | { kind: "list" }
  | { kind: "status" }
  | { kind: "select"; model: string; resolvedModel: string; provider?: string; alias?: string; profileId?: string }
  | { kind: "invalid"; error: string }
  | { kind: "not-a-directive" };

export interface DirectiveContext {
  /** The parsed config (or a ConfigView): aliases come from `models.aliases`. */
  config: unknown;
  /** The agent's parsed auth store (or a StoreView): a pin must name one of its profiles or a configured one. */
  store: unknown;
}

const USAGE = "use /model, /model list, /model status or /model <alias-or-provider/model>[@<profileId>]";

export function parseModelDirective(input: string, context?: DirectiveContext): ModelDirective {
  const match = /^\s*\/model(?:\s+([\s\S]*))?$/.exec(input);
  // "/models", "/modelx" and plain chat are not ours: the gateway handles them as it would anyway.
  if (!match) return { kind: "not-a-directive" };
  // Tolerate "opus @ anthropic:work": spaces around the "@" carry no meaning.
  const argument = (match[1] ?? "").trim().replace(/\s*@\s*/g, "@");
  if (argument === "" || argument === "list") return { kind: "list" };
  if (argument === "status") return { kind: "status" };
  if (/\s/.test(argument)) return invalid(`"/model ${argument}" has more than one argument; ${USAGE}`);
  return parseSelection(argument, context);
}

function parseSelection(argument: string, context: DirectiveContext | undefined): ModelDirective {
  // The last "@" starts the pin, so a model id that contains "@" (a dated Vertex id) can still be pinned.
  const at = argument.lastIndexOf("@");
  const model = at < 0 ? argument : argument.slice(0, at);
  const profileId = at < 0 ? undefined : argument.slice(at + 1);
  if (model === "") return invalid(`no model before "@${profileId}"; ${USAGE}`);
  if (profileId === "") return invalid(`no auth profile id after "${model}@" (for example ${model}@anthropic:default)`);

  const config = context ? asConfigView(context.config) : undefined;
  const aliasTarget = config && Object.hasOwn(config.aliases, model) ? config.aliases[model] : undefined;
  const resolvedModel = aliasTarget ?? model;
  const provider = providerOfModel(resolvedModel);
  if (!provider || resolvedModel.endsWith("/")) {
    return invalid(
      aliasTarget !== undefined
        ? `alias "${model}" in models.aliases points to "${aliasTarget}", which is not a provider/model id`
        : `unknown model "${model}": not an alias in models.aliases and not a provider/model id such as anthropic/claude-opus-4-5`,
    );
  }
  if (profileId !== undefined && context) {
    const problem = pinProblem(context, provider, profileId);
    if (problem) return invalid(problem);
  }
  return {
    kind: "select",
    model,
    resolvedModel,
    provider,
    ...(aliasTarget !== undefined && { alias: model }),
    ...(profileId !== undefined && { profileId }),
  };
}

/** The same check the gateway applies when it resolves a session pin, so the two never disagree. */
function pinProblem(context: DirectiveContext, provider: string, profileId: string): string | undefined {
  try {
    resolveAuthCandidates({ config: context.config, store: context.store, provider, sessionPin: profileId, now: 0 });
    return undefined;
  } catch (error) {
    if (error instanceof PinError) return `${error.message}; /model status lists the ${provider} profiles`;
    throw error;
  }
}

function invalid(error: string): ModelDirective {
  return { kind: "invalid", error };
}

/** Accepts the parsed config or a ConfigView, like resolveAuthCandidates does. */
function asConfigView(config: unknown): ConfigView {
  const looksLikeView =
    typeof config === "object" &&
    config !== null &&
    "defaultModel" in config &&
    "aliases" in config &&
    "agentIds" in config;
  return looksLikeView ? (config as ConfigView) : viewConfig(config);
}
