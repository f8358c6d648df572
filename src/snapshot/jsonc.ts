// Parses JSON and JSONC text into a value plus problems with line:column, never throwing.
import { printParseErrorCode, visit, type ParseError } from "jsonc-parser";

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

/** jsonc-parser recurses once per level: past a few thousand the stack overflows. No real file nests this deep. */
export const MAX_NESTING = 1024;

export function parseJsonc(text: string): ParsedJson {
  const tooDeep = offsetPastDepth(text, MAX_NESTING);
  if (tooDeep !== -1)
    return {
      value: undefined,
      problems: [{ ...positionAt(text, tooDeep), message: `nested deeper than ${MAX_NESTING} levels` }],
    };
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const body = bom ? text.slice(1) : text;
  try {
    // Most files are plain JSON (the gateway writes them so), and V8's parser reads them ten times
    // faster than jsonc-parser's. Comments, trailing commas and mistakes go the slower way below.
    return { value: JSON.parse(body), problems: [] };
  } catch {
    // not plain JSON
  }
  const errors: ParseError[] = [];
  const value = readJsonc(body, errors);
  const problems = errors.map((error) => ({
    ...positionAt(text, error.offset + bom),
    message: describeParseError(printParseErrorCode(error.error)),
  }));
  return { value: problems.length ? undefined : value, problems };
}

/**
 * jsonc-parser's `parse`, except that a "__proto__" key is a key like any other (as JSON.parse and
 * the gateway read it), never the object's prototype.
 */
function readJsonc(text: string, errors: ParseError[]): unknown {
  let root: unknown;
  const open: (Record<string, unknown> | unknown[])[] = [];
  const keys: string[] = [];
  const put = (value: unknown) => {
    const parent = open.at(-1);
    if (parent === undefined) root = value;
    else if (Array.isArray(parent)) parent.push(value);
    else
      Object.defineProperty(parent, keys[open.length - 1], {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
  };
  visit(
    text,
    {
      onObjectBegin: () => {
        const object = {};
        put(object);
        open.push(object);
      },
      onObjectProperty: (name) => (keys[open.length - 1] = name),
      onObjectEnd: () => open.pop(),
      onArrayBegin: () => {
        const array: unknown[] = [];
        put(array);
        open.push(array);
      },
      onArrayEnd: () => open.pop(),
      onLiteralValue: put,
      onError: (error, offset, length) => errors.push({ error, offset, length }),
    },
    { allowTrailingComma: true, disallowComments: false },
  );
  return root;
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

/** Where the nesting of objects and arrays first exceeds `limit` (strings and comments skipped), or -1. */
function offsetPastDepth(text: string, limit: number): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c /* \ */) i++;
    } else if (c === 0x2f /* / */ && text[i + 1] === "/") {
      i = text.indexOf("\n", i);
      if (i === -1) break;
    } else if (c === 0x2f && text[i + 1] === "*") {
      i = text.indexOf("*/", i + 2);
      if (i === -1) break;
      i++;
    } else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (++depth > limit) return i;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
  }
  return -1;
}
