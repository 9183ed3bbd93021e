/**
 * Type-checks a TypeScript program before it runs, as Pulumi's Node.js host does: a misspelt
 * property is a type error long before it is a missing restriction.
 *
 * @module
 */
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import type * as TypeScript from "typescript";
import { KeylessError } from "../errors";
import type { ProgramSpec } from "./program";

/** The most type errors a failure message lists; the rest are counted. */
const SHOWN_ERRORS = 20;

/** The options for a program without its own `tsconfig.json`: strict, as `pulumi new` writes. */
function defaultOptions(ts: typeof TypeScript): TypeScript.CompilerOptions {
  return {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    esModuleInterop: true,
    skipLibCheck: true,
  };
}

/**
 * Type-checks the program's entry and what it imports, with the program's `tsconfig.json` when it
 * has one.
 *
 * @throws {@link KeylessError} `ERR_PROGRAM_FAILED` listing the type errors, file:line:column.
 */
export function typecheckProgram(program: ProgramSpec): void {
  if (!/\.(c|m)?tsx?$/.test(program.entry)) return;
  // Loaded only when a program is planned: the compiler is large and other commands never need it.
  const ts = require("typescript") as typeof TypeScript;
  const configFile = join(program.dir, "tsconfig.json");
  let options = defaultOptions(ts);
  if (existsSync(configFile)) {
    const parsed = ts.getParsedCommandLineOfConfigFile(
      configFile,
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: () => undefined,
      },
    );
    if (parsed) options = parsed.options;
  }
  const checked = ts.createProgram([program.entry], { ...options, noEmit: true });
  const errors = ts
    .getPreEmitDiagnostics(checked)
    .filter((d) => d.category === ts.DiagnosticCategory.Error);
  if (errors.length === 0) return;
  const lines = errors.slice(0, SHOWN_ERRORS).map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, " ");
    if (!d.file || d.start === undefined) return `  ${text}`;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `  ${relative(program.dir, d.file.fileName) || d.file.fileName}:${line + 1}:${character + 1} - ${text}`;
  });
  const more = errors.length > SHOWN_ERRORS ? `\n  … and ${errors.length - SHOWN_ERRORS} more` : "";
  throw new KeylessError(
    "ERR_PROGRAM_FAILED",
    `The program ${program.entry} has ${errors.length} type error${errors.length === 1 ? "" : "s"}:\n${lines.join("\n")}${more}\nFix the program, or run with --no-typecheck to plan it as written.`,
  );
}
