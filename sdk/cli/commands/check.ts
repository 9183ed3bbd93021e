/**
 * `keyless check --claims FILE|- (--program P | --manifest M)`: which identity × cloud a token's
 * claims reach, with the reasons for each allow and deny.
 *
 * @module
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { decodeJwt } from "jose";
import type { IdentityManifest } from "../../manifest";
import { MANIFEST_VERSION } from "../../manifest";
import { collectProgramManifests } from "../../plan/run";
import type { Claims } from "../../simulate/claims";
import { type CheckResult, checkManifests } from "../../simulate/check-manifests";
import type { CloudKind, Reason } from "../../simulate/verdict";
import { type CliIo, type CommandRegistration, ExitCode, UsageError } from "../io";
import { addProgramOptions, type ProgramCliOptions, programOptionsFrom } from "./plan";

interface CheckCommandOptions extends ProgramCliOptions {
  readonly claims?: string;
  readonly program?: string;
  readonly manifest?: string;
  readonly audience?: string;
  readonly expect?: string;
  readonly identity?: string[];
  readonly json?: boolean;
}

/** Registers `keyless check`. */
export const register: CommandRegistration = (program, io, exit) => {
  addProgramOptions(program.command("check"))
    .description("which identity × cloud a token's claims reach, and why (or why not)")
    .option("--claims <file>", "the token: a JSON claims payload or a raw JWT; - reads stdin")
    .option("--program <path>", "a Pulumi program whose identities to check")
    .option("--manifest <file>", "a JSON file with one manifest, a list, or { manifests: [...] }")
    .option("--audience <aud>", "the audience the token is requested with (replaces its aud)")
    .option("--expect <verdict>", "allow or deny: exit 1 when any result differs")
    .option("--identity <name...>", "only these identities")
    .option("--json", "print { results: [...] }")
    .action(async (options: CheckCommandOptions) => {
      exit(await runCheck(options, io));
    });
};

async function runCheck(options: CheckCommandOptions, io: CliIo): Promise<number> {
  if (options.claims === undefined) {
    throw new UsageError(
      "--claims is required: a file with the token's claims (JSON) or the raw token, or - for stdin.",
    );
  }
  if ((options.program === undefined) === (options.manifest === undefined)) {
    throw new UsageError(
      "Give exactly one of --program PATH or --manifest FILE: where the identities come from.",
    );
  }
  if (options.expect !== undefined && options.expect !== "allow" && options.expect !== "deny") {
    throw new UsageError(`--expect ${JSON.stringify(options.expect)}: expected "allow" or "deny".`);
  }
  const claims = await readClaims(options.claims, io);
  let manifests =
    options.manifest !== undefined
      ? await readManifests(options.manifest, io)
      : await collectProgramManifests(
          resolve(io.cwd, options.program as string),
          programOptionsFrom(options),
        );
  if (options.identity) {
    const wanted = new Set(options.identity);
    const unknown = options.identity.filter((n) => !manifests.some((m) => m.identity === n));
    if (unknown.length > 0) {
      throw new UsageError(
        `--identity ${unknown.join(", ")}: no such identity; known: ${manifests.map((m) => m.identity).join(", ") || "none"}.`,
      );
    }
    manifests = manifests.filter((m) => wanted.has(m.identity));
  }

  const results = checkManifests(
    manifests,
    claims,
    options.audience !== undefined ? { audience: options.audience } : {},
  );
  if (results.length === 0) {
    throw new UsageError(
      `${options.manifest ?? options.program}: no identity is declared in any cloud, so there is nothing to check.`,
    );
  }
  io.stdout.write(
    options.json
      ? `${JSON.stringify({ results }, null, 2)}\n`
      : formatResults(results, claims, options.audience),
  );

  if (options.expect === undefined) return ExitCode.ok;
  const wantAllowed = options.expect === "allow";
  const unmet = results.filter((r) => r.allowed !== wantAllowed);
  if (unmet.length > 0 && !options.json) {
    io.stderr.write(
      `keyless: expected ${options.expect} everywhere; ${unmet.map((r) => `${r.identity} in ${r.cloud} is ${r.allowed ? "allowed" : "denied"}`).join(", ")}.\n`,
    );
  }
  return unmet.length > 0 ? ExitCode.finding : ExitCode.ok;
}

const jwtShape = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

async function readClaims(source: string, io: CliIo): Promise<Claims> {
  const name = source === "-" ? "--claims - (stdin)" : `--claims ${source}`;
  let text: string;
  if (source === "-") {
    if (!io.readStdin) throw new UsageError(`${name}: standard input is not available here.`);
    text = await io.readStdin();
  } else {
    text = await readInput(source, name, io);
  }
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (err) {
      throw new UsageError(`${name}: not valid JSON (${(err as Error).message}).`);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new UsageError(`${name}: the claims must be a JSON object.`);
    }
    return parsed as Claims;
  }
  // A raw token: decoded, never verified (the simulator needs the claims, not trust in them), and
  // never echoed, not even in an error.
  if (jwtShape.test(trimmed)) {
    try {
      const claims = decodeJwt(trimmed) as Claims;
      io.stderr.write(
        `${name}: a token; its claims are read, its signature is not verified (the cloud does that).\n`,
      );
      return claims;
    } catch {
      throw new UsageError(
        `${name}: looks like a JWT, but its payload cannot be decoded as JSON claims.`,
      );
    }
  }
  throw new UsageError(
    `${name}: neither a JSON object of claims nor a JWT (three base64url parts separated by dots).`,
  );
}

async function readManifests(source: string, io: CliIo): Promise<IdentityManifest[]> {
  const name = `--manifest ${source}`;
  const text = await readInput(source, name, io);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${name}: not valid JSON (${(err as Error).message}).`);
  }
  const list = Array.isArray(parsed)
    ? parsed
    : typeof parsed === "object" &&
        parsed !== null &&
        Array.isArray((parsed as { manifests?: unknown }).manifests)
      ? (parsed as { manifests: unknown[] }).manifests
      : [parsed];
  list.forEach((m, i) => {
    const where = list.length === 1 && !Array.isArray(parsed) ? name : `${name} [${i}]`;
    if (typeof m !== "object" || m === null)
      throw new UsageError(`${where}: a manifest is a JSON object.`);
    const manifest = m as Partial<IdentityManifest>;
    if (manifest.version !== MANIFEST_VERSION) {
      throw new UsageError(
        `${where}: manifest version ${JSON.stringify(manifest.version)} is not ${MANIFEST_VERSION}; regenerate it with this version of Keyless.`,
      );
    }
    if (typeof manifest.identity !== "string" || manifest.identity === "") {
      throw new UsageError(`${where}: a manifest names its identity ("identity": "NAME").`);
    }
  });
  return list as IdentityManifest[];
}

async function readInput(source: string, name: string, io: CliIo): Promise<string> {
  try {
    return await readFile(resolve(io.cwd, source), "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(
      `${name}: cannot be read (${code === "ENOENT" ? "no such file" : (code ?? "unknown error")}).`,
      { cause: err },
    );
  }
}

const cloudNames: readonly CloudKind[] = ["aws", "gcp", "azure"];

function formatResults(
  results: readonly CheckResult[],
  claims: Claims,
  audience: string | undefined,
): string {
  const lines: string[] = [];
  const shown = ["iss", "sub", "aud"]
    .filter((c) => claims[c] !== undefined)
    .map((c) => `${c} ${JSON.stringify(claims[c])}`);
  lines.push(`Token: ${shown.join(", ") || "(no iss, sub or aud)"}`);
  if (audience !== undefined) {
    lines.push(`Checked as requested with audience ${JSON.stringify(audience)} (--audience).`);
  } else if (claims["aud"] === undefined) {
    lines.push("The claims carry no aud: each cloud is checked with the audience declared for it.");
  }
  lines.push("");

  const identities = [...new Set(results.map((r) => r.identity))];
  const clouds = cloudNames.filter((c) => results.some((r) => r.cloud === c));
  const width = Math.max(8, ...identities.map((i) => i.length)) + 2;
  lines.push(["identity".padEnd(width), ...clouds.map((c) => c.padEnd(7))].join("").trimEnd());
  for (const identity of identities) {
    const cells = clouds.map((cloud) => {
      const r = results.find((x) => x.identity === identity && x.cloud === cloud);
      return (r === undefined ? "-" : r.allowed ? "allow" : "deny").padEnd(7);
    });
    lines.push([identity.padEnd(width), ...cells].join("").trimEnd());
  }
  for (const r of results) {
    lines.push("", `${r.identity} in ${r.cloud}: ${r.allowed ? "allowed" : "denied"}`);
    for (const reason of r.reasons) lines.push(`  ${marker(reason)} ${reason.message}`);
  }
  return `${lines.join("\n")}\n`;
}

function marker(reason: Reason): string {
  switch (reason.kind) {
    case "matched":
      return "✓";
    case "failed":
      return "✗";
    case "hint":
      return "hint:";
    case "unsupported":
      return "?";
  }
}
