// The answers onboarding collects (from flags or from the wizard) and what it plans from them.
import type { Change } from "../types.js";

const AUTH_CHOICES = ["api-key", "setup-token", "token"] as const;
export type AuthChoice = (typeof AUTH_CHOICES)[number];

const KEY_STORES = ["dotenv", "profile"] as const;
/** Where an API key goes: `<state>/.env` (daemon use) or a profile in the default agent's auth store. */
export type KeyStore = (typeof KEY_STORES)[number];

/** One provider's credential, as the user chose it. Tokens always go to a profile. */
export interface CredentialAnswer {
  provider: string;
  choice: AuthChoice;
  secret: string;
  store: KeyStore;
  /** The profile id (profile store only). */
  profileId?: string;
  /** A token's lifetime from now, in ms. */
  expiresInMs?: number;
  /** The user agreed to replace a different credential that works. */
  replace?: boolean;
}

export type Target =
  | { kind: "dotenv"; file: string; envKey: string }
  | { kind: "profile"; file: string; agentId: string; profileId: string };

/** What already sits where the credential would go. */
export interface Existing {
  /** "ANTHROPIC_API_KEY in ~/.clawdia/.env (line 3)", "anthropic:default (agent main)". */
  label: string;
  secret: string;
  /** same: this very secret; working: a different credential that works; broken: one that cannot work. */
  state: "same" | "working" | "broken";
  /** Why a broken one cannot work, in words. */
  reason?: string;
}

export interface CredentialPlan {
  answer: CredentialAnswer;
  target: Target;
  /** The stored credential, as a fingerprint. */
  fingerprint: string;
  expires?: number;
  existing?: Existing;
  /** The edits; `ops` is empty when nothing changes. */
  change: Change;
  /** What else the edits do, in words (an auth order updated, stale error records dropped). */
  notes: string[];
}
