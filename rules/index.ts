// Every rule, in the order reports list them. Add a rule: one file under rules/<category>/, one line here.
import type { Rule } from "../src/rule.js";
import tokenExpiring from "./auth/token-expiring.js";

export const rules: Rule[] = [tokenExpiring];
