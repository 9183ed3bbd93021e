/**
 * Keyless's AWS evaluator against an independent one (`@cloud-copilot/iam-simulate`) on generated
 * trust policies and requests. A disagreement is saved under
 * `test/fixtures/simulate/disagreements/` and replayed by the regression suite below, with the
 * answer AWS gives (`expected`) once someone has checked it.
 *
 * Generated subset, which both evaluators implement: one or more statements with Allow or Deny;
 * `Principal` Federated (a string or a list) or `*`, and `NotPrincipal`; `Action` with `sts:`
 * wildcards, and `NotAction`; the six
 * string operators, plain, `IfExists`, `ForAnyValue:` and `ForAllValues:`; `Null`; several
 * values, keys and operators; keys in any letter case; single-valued keys that AWS documents for
 * `sts:AssumeRoleWithWebIdentity` (the oracle drops undocumented keys); `*` and `?` wildcards.
 * Left out: policy variables and `${…}` escapes (the oracle does not read `${*}` under
 * `StringEquals`), multi-valued keys (the oracle types these keys as single strings), `Bool`
 * (the keys are strings).
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileTrustPolicy, isTrustAllowed } from "../../../sdk/simulate/aws";
import { oracleAllows } from "./oracle";

const fixtures = join(__dirname, "../../fixtures/simulate/disagreements");
const provider = "arn:aws:iam::123456789012:oidc-provider/accounts.google.com";
const otherProvider = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
const keys = [
  "accounts.google.com:aud",
  "accounts.google.com:sub",
  "accounts.google.com:oaud",
  "token.actions.githubusercontent.com:repository",
];

/** A disagreement as saved: the input, both answers, and the answer AWS gives. */
interface Disagreement {
  readonly policy: unknown;
  readonly providerArn: string;
  readonly context: Record<string, string>;
  readonly keyless: boolean;
  readonly oracle: boolean;
  /** What AWS does; set from the oracle when saved, to be checked against AWS's documentation. */
  readonly expected: boolean;
  readonly note: string;
}

function keylessAllows(policy: unknown, providerArn: string, context: Record<string, string>) {
  const request = {
    providerArn,
    context: new Map(Object.entries(context).map(([k, v]) => [k.toLowerCase(), [v]])),
  };
  return isTrustAllowed(compileTrustPolicy(policy), request);
}

const claimValue = fc.string({ unit: fc.constantFrom("a", "b", "A", ":", "/"), maxLength: 4 });
const policyValue = fc
  .array(fc.constantFrom("a", "b", "A", ":", "*", "?", "ab"), { maxLength: 4 })
  .map((parts) => parts.join(""));
const anyCase = (key: string) =>
  fc
    .array(fc.boolean(), { minLength: key.length, maxLength: key.length })
    .map((upper) => [...key].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(""));
const key = fc.constantFrom(...keys).chain(anyCase);
const values = fc
  .array(policyValue, { minLength: 1, maxLength: 3 })
  .map((v) => (v.length === 1 ? v[0] : v));
const stringOperator = fc
  .tuple(
    fc.constantFrom("", "ForAnyValue:", "ForAllValues:"),
    fc.constantFrom(
      "StringEquals",
      "StringNotEquals",
      "StringEqualsIgnoreCase",
      "StringNotEqualsIgnoreCase",
      "StringLike",
      "StringNotLike",
    ),
    fc.constantFrom("", "IfExists"),
  )
  .map(([q, base, ifExists]) => `${q}${base}${ifExists}`);
const block = fc.oneof(
  fc.tuple(stringOperator, fc.array(fc.tuple(key, values), { minLength: 1, maxLength: 2 })),
  fc.tuple(
    fc.constant("Null"),
    fc.array(fc.tuple(key, fc.constantFrom("true", "false")), { minLength: 1, maxLength: 2 }),
  ),
);
const condition = fc
  .array(block, { maxLength: 3 })
  .map((blocks) =>
    Object.fromEntries(blocks.map(([op, entries]) => [op, Object.fromEntries(entries)])),
  );
const statement = fc.record({
  Effect: fc.constantFrom("Allow", "Allow", "Deny"),
  Principal: fc.constantFrom<unknown>(
    { Federated: provider },
    { Federated: otherProvider },
    { Federated: [otherProvider, provider] },
    "*",
  ),
  Action: fc.constantFrom<unknown>(
    "sts:AssumeRoleWithWebIdentity",
    "sts:*",
    "sts:AssumeRoleWith*",
    ["sts:AssumeRole", "sts:TagSession"],
    "*",
  ),
  Condition: condition,
});
// The same statement with NotPrincipal or NotAction in place of Principal or Action.
const negatedStatement = fc
  .tuple(statement, fc.constantFrom("NotPrincipal", "NotAction"))
  .map(([s, negate]) => {
    const { Principal, Action, ...rest } = s;
    return negate === "NotPrincipal"
      ? {
          ...rest,
          Action,
          NotPrincipal: Principal === "*" ? { Federated: otherProvider } : Principal,
        }
      : { ...rest, Principal, NotAction: Action };
  });
const policy = fc
  .array(
    fc.oneof({ weight: 4, arbitrary: statement }, { weight: 1, arbitrary: negatedStatement }),
    {
      minLength: 1,
      maxLength: 3,
    },
  )
  .map((Statement) => ({ Version: "2012-10-17", Statement }));
const context = fc
  .subarray(keys)
  .chain((present) =>
    fc
      .tuple(...present.map(() => claimValue))
      .map((v) => Object.fromEntries(present.map((k, i) => [k, v[i] as string]))),
  );

function save(d: Disagreement): string {
  mkdirSync(fixtures, { recursive: true });
  const id = createHash("sha256")
    .update(JSON.stringify([d.policy, d.context]))
    .digest("hex");
  const file = join(fixtures, `${id.slice(0, 16)}.json`);
  writeFileSync(file, `${JSON.stringify(d, null, 2)}\n`);
  return file;
}

describe("evaluateTrustPolicy against @cloud-copilot/iam-simulate", () => {
  it("agrees on generated policies and requests", async () => {
    const seen = { allowed: 0, denied: 0 };
    await fc.assert(
      fc.asyncProperty(policy, context, async (p, ctx) => {
        const keyless = keylessAllows(p, provider, ctx);
        const oracle = await oracleAllows(p, provider, ctx);
        seen[keyless ? "allowed" : "denied"]++;
        if (keyless !== oracle) {
          const file = save({
            policy: p,
            providerArn: provider,
            context: ctx,
            keyless,
            oracle,
            expected: oracle,
            note: "Saved by the differential test; check `expected` against AWS's documentation.",
          });
          expect.fail(`Keyless says ${keyless}, the oracle ${oracle}; saved as ${file}`);
        }
      }),
      { numRuns: Number(process.env["KEYLESS_DIFFERENTIAL_RUNS"] ?? 400) },
    );
    // The generators must exercise both answers, or agreement proves little.
    expect(seen.allowed).toBeGreaterThan(20);
    expect(seen.denied).toBeGreaterThan(20);
  });
});

describe("saved disagreements", () => {
  const saved = readdirSync(fixtures).filter((f) => f.endsWith(".json"));
  it.each(saved.length > 0 ? saved : ["(none)"])("replays %s with the answer AWS gives", (f) => {
    if (f === "(none)") return;
    const d = JSON.parse(readFileSync(join(fixtures, f), "utf8")) as Disagreement;
    expect(keylessAllows(d.policy, d.providerArn, d.context)).toBe(d.expected);
  });
});
