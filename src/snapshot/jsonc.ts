// Parses JSON and JSONC text into a value plus problems with line:column, never throwing.
import { parse, printParseErrorCode, type ParseError } from "jsonc-parser";

export interface TextPosition {
  line: number;
  column: number;
}

export interface ParseProblem extends TextPosition {
  message: string;
}

export interface ParsedJson {
  value: unknown;
  problems: ParseProblem[];
}

export function parseJsonc(text: string): ParsedJson {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const errors: ParseError[] = [];
  const value = parse(bom ? text.slice(1) : text, errors, { allowTrailingComma: true, disallowComments: false });
  const problems = errors.map((error) => ({
    ...positionAt(text, error.offset + bom),
    message: describeParseError(printParseErrorCode(error.error)),
  }));
  if (problems.length === 0 && text.trim().length - bom === 0) {
    problems.push({ line: 1, column: 1, message: "the file is empty" });
  }
  return { value: problems.length ? undefined : value, problems };
}

export function positionAt(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line += 1;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function describeParseError(code: string): string {
  // "CloseBraceExpected" → "close brace expected"
  return code.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
}
