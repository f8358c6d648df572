// The wizard's terminal, on @clack/prompts: every message passes the secret masker, and Ctrl-C at any
// prompt means "write nothing" (exit 130).
import * as prompts from "@clack/prompts";
import { rememberSecrets } from "../output.js";
import { UserError } from "../errors.js";
import { maskSecrets } from "../secrets.js";
import { worthMasking } from "./secret-checks.js";

export class Cancelled extends UserError {
  constructor() {
    super("cancelled; nothing was written", 130);
  }
}

export interface Choice<T extends string> {
  value: T;
  label: string;
  hint?: string;
}

type Check = (value: string) => string | undefined;

export class WizardUi {
  private known: string[] = [];

  /** Secrets to mask in everything shown from now on (and in anything the CLI prints). */
  remember(secrets: string[]): void {
    const maskable = secrets.filter(worthMasking);
    this.known = [...new Set([...this.known, ...maskable])];
    rememberSecrets(maskable);
  }

  get secrets(): string[] {
    return this.known;
  }

  mask(text: string): string {
    return maskSecrets(text, this.known);
  }

  intro(title: string): void {
    prompts.intro(this.mask(title));
  }

  note(body: string, title: string): void {
    prompts.note(this.mask(body), this.mask(title));
  }

  info(text: string): void {
    prompts.log.info(this.mask(text));
  }

  success(text: string): void {
    prompts.log.success(this.mask(text));
  }

  warn(text: string): void {
    prompts.log.warn(this.mask(text));
  }

  error(text: string): void {
    prompts.log.error(this.mask(text));
  }

  outro(text: string): void {
    prompts.outro(this.mask(text));
  }

  async select<T extends string>(message: string, choices: Choice<T>[], initialValue?: T): Promise<T> {
    const options = choices.map((choice) => ({
      value: choice.value,
      label: this.mask(choice.label),
      hint: choice.hint && this.mask(choice.hint),
    }));
    // clack's Option type is conditional on the value type; the values here are plain strings.
    return answered(
      await prompts.select<T>({
        message: this.mask(message),
        options: options as Parameters<typeof prompts.select<T>>[0]["options"],
        initialValue,
      }),
    );
  }

  async confirm(message: string, initialValue: boolean): Promise<boolean> {
    return answered(await prompts.confirm({ message: this.mask(message), initialValue }));
  }

  async text(message: string, check: Check, placeholder?: string): Promise<string> {
    return answered(
      await prompts.text({ message: this.mask(message), placeholder, validate: (value) => check(value ?? "") }),
    );
  }

  /** A hidden prompt: the value is never echoed, only dots. A refused value is said why and asked for afresh. */
  async secret(message: string, check: Check): Promise<string> {
    for (;;) {
      const value = answered(await prompts.password({ message: this.mask(message), mask: "•" }));
      this.remember([value]);
      const problem = check(value);
      if (problem === undefined) return value;
      this.error(`${problem}. Try again (Ctrl-C to stop).`);
    }
  }
}

function answered<T>(value: T): Exclude<T, symbol> {
  if (prompts.isCancel(value)) {
    prompts.cancel("Cancelled; nothing was written.");
    throw new Cancelled();
  }
  return value as Exclude<T, symbol>;
}
