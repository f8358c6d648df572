// What a credential looks like when nothing names it: provider keys and tokens, other services' keys
// that turn up next to them (GitHub, Slack, AWS, Google), and JWTs. Masked in every output, known or
// not. Each pattern starts with a literal and takes one bounded or unbroken run, so its cost is linear.

/** Anthropic, OpenRouter and OpenAI keys and tokens. */
export const PROVIDER_KEY_SOURCE = String.raw`\b(?:sk-ant-[A-Za-z0-9]+-[A-Za-z0-9_-]{8,}|sk-or-v\d+-[A-Za-z0-9]{8,}|sk-(?:proj-)?[A-Za-z0-9_-]{20,})`;
/** Keys of other services that a gateway's files and logs hold. */
export const OTHER_KEY_SOURCE = String.raw`\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|xox[abprs]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}|AIza[0-9A-Za-z_-]{35})`;
export const JWT_SOURCE = String.raw`\beyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*`;

/** Every key shape, as a new global RegExp (a shared one would share lastIndex). */
export function keyShapePattern(): RegExp {
  return new RegExp(`${PROVIDER_KEY_SOURCE}|${OTHER_KEY_SOURCE}|${JWT_SOURCE}`, "g");
}

/** The providers' own shapes only. */
export function providerShapePattern(): RegExp {
  return new RegExp(PROVIDER_KEY_SOURCE, "g");
}
