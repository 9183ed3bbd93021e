/**
 * Key material committed to the repository, found with secretlint's recommended rules (a
 * well-kept rule set, not patterns of our own). Only where and what is reported: never the value.
 *
 * @see https://github.com/secretlint/secretlint/tree/master/packages/%40secretlint/secretlint-rule-preset-recommend
 * @module
 */
import { extname } from "node:path";
import type { CommittedKeyFinding } from "./types";

/**
 * The rules that matter for cloud keys. AWS access key IDs are scanned too (off by default in the
 * AWS rule) because an ID next to a secret is how an exposed key is matched to its owner.
 */
type SecretLintCoreConfig = Parameters<
  typeof import("@secretlint/core").lintSource
>[0]["options"]["config"];

async function loadConfig(): Promise<SecretLintCoreConfig> {
  // Loaded on first use, so importing the library does not load every secretlint rule.
  const { creator } = await import("@secretlint/secretlint-rule-preset-recommend");
  return {
    rules: [
      {
        id: "@secretlint/secretlint-rule-preset-recommend",
        rule: creator,
        rules: [{ id: "@secretlint/secretlint-rule-aws", options: { enableIDScanRule: true } }],
      },
    ],
  };
}

let config: Promise<SecretLintCoreConfig> | undefined;

/** The rules whose findings are cloud credentials; other secrets are out of `migrate`'s scope. */
const cloudRules = new Set([
  "@secretlint/secretlint-rule-aws",
  "@secretlint/secretlint-rule-gcp",
  "@secretlint/secretlint-rule-privatekey",
]);

// Not yet: Azure client secrets are not found because the recommended rule set installed here has
// no Azure rule, and this module does not add patterns of its own.

/**
 * Scans one file's text for committed cloud key material.
 *
 * @param file - the path reported (relative), also how the rules pick JSON or text handling.
 */
export async function scanCommittedKeys(
  file: string,
  text: string,
): Promise<CommittedKeyFinding[]> {
  const { lintSource } = await import("@secretlint/core");
  config ??= loadConfig();
  const result = await lintSource({
    source: { filePath: file, content: text, ext: extname(file), contentType: "text" },
    options: { config: await config, maskSecrets: true, noPhysicFilePath: false },
  });
  return result.messages
    .filter((m) => m.type === "message" && cloudRules.has(ruleOf(m)))
    .map((m) => ({
      kind: "committed-key" as const,
      file,
      line: m.loc.start.line,
      rule: ruleOf(m),
      messageId: m.messageId,
    }));
}

function ruleOf(m: { readonly ruleId: string; readonly ruleParentId?: string }): string {
  return m.ruleId;
}
