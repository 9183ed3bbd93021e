import { describe, expect, it } from "vitest";
import {
  compileTrustPolicy,
  evaluateTrustPolicy,
  isTrustAllowed,
  type RequestContext,
} from "../../../sdk/simulate/aws";

const provider = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
const gh = "token.actions.githubusercontent.com";
const sub = "repo:acme/api:ref:refs/heads/main";

function policy(condition: unknown, extra: Record<string, unknown> = {}, version = "2012-10-17") {
  return {
    Version: version,
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: provider },
        Action: "sts:AssumeRoleWithWebIdentity",
        ...(condition === undefined ? {} : { Condition: condition }),
        ...extra,
      },
    ],
  };
}

function context(values: Record<string, string | string[]>): RequestContext {
  return new Map(
    Object.entries(values).map(([k, v]) => [k.toLowerCase(), typeof v === "string" ? [v] : v]),
  );
}

function allowed(
  document: unknown,
  values: Record<string, string | string[]>,
  principal = provider,
) {
  const compiled = compileTrustPolicy(document);
  const request = { providerArn: principal, context: context(values) };
  const fast = isTrustAllowed(compiled, request);
  // The explained path and the fast path always agree.
  expect(evaluateTrustPolicy(compiled, request).kind).toBe(fast ? "allow" : "deny");
  return fast;
}

const present = { [`${gh}:sub`]: sub, [`${gh}:aud`]: "sts.amazonaws.com" };

describe("evaluateTrustPolicy: string operators", () => {
  it.each<[string, unknown, Record<string, string | string[]>, boolean]>([
    [
      "StringEquals matches the exact value",
      { StringEquals: { [`${gh}:sub`]: sub } },
      present,
      true,
    ],
    [
      "StringEquals refuses another value",
      { StringEquals: { [`${gh}:sub`]: "repo:acme/web:ref:refs/heads/main" } },
      present,
      false,
    ],
    [
      "StringEquals compares values case-sensitively",
      { StringEquals: { [`${gh}:sub`]: sub.toUpperCase() } },
      present,
      false,
    ],
    [
      "StringEquals reads keys case-insensitively",
      { StringEquals: { [`TOKEN.ACTIONS.GITHUBUSERCONTENT.COM:SUB`]: sub } },
      present,
      true,
    ],
    [
      "StringEquals treats * literally",
      { StringEquals: { [`${gh}:sub`]: "repo:acme/api:*" } },
      present,
      false,
    ],
    [
      "StringEquals fails on a missing key",
      { StringEquals: { [`${gh}:environment`]: "production" } },
      present,
      false,
    ],
    [
      "StringNotEquals holds for another value",
      { StringNotEquals: { [`${gh}:sub`]: "repo:acme/web:ref:refs/heads/main" } },
      present,
      true,
    ],
    [
      "StringNotEquals fails for the value",
      { StringNotEquals: { [`${gh}:sub`]: sub } },
      present,
      false,
    ],
    [
      "StringNotEquals holds on a missing key",
      { StringNotEquals: { [`${gh}:environment`]: "production" } },
      present,
      true,
    ],
    [
      "StringEqualsIgnoreCase ignores case",
      { StringEqualsIgnoreCase: { [`${gh}:sub`]: sub.toUpperCase() } },
      present,
      true,
    ],
    [
      "StringEqualsIgnoreCase fails on a missing key",
      { StringEqualsIgnoreCase: { [`${gh}:ref`]: "x" } },
      present,
      false,
    ],
    [
      "StringNotEqualsIgnoreCase fails for a case variant",
      { StringNotEqualsIgnoreCase: { [`${gh}:sub`]: sub.toUpperCase() } },
      present,
      false,
    ],
    [
      "StringNotEqualsIgnoreCase holds on a missing key",
      { StringNotEqualsIgnoreCase: { [`${gh}:ref`]: "x" } },
      present,
      true,
    ],
    [
      "StringLike matches a trailing *",
      { StringLike: { [`${gh}:sub`]: "repo:acme/api:*" } },
      present,
      true,
    ],
    [
      "StringLike matches ? as one character",
      { StringLike: { [`${gh}:sub`]: "repo:acme/api:ref:refs/heads/ma?n" } },
      present,
      true,
    ],
    [
      "StringLike does not let ? match two characters",
      { StringLike: { [`${gh}:sub`]: "repo:acme/api:ref:refs/heads/m?n" } },
      present,
      false,
    ],
    [
      "StringLike is anchored at the start",
      { StringLike: { [`${gh}:sub`]: "acme/api:*" } },
      present,
      false,
    ],
    [
      "StringLike is anchored at the end",
      { StringLike: { [`${gh}:sub`]: "repo:acme/api:ref" } },
      present,
      false,
    ],
    [
      "StringLike * spans slashes and colons",
      { StringLike: { [`${gh}:sub`]: "repo:*/main" } },
      present,
      true,
    ],
    [
      "StringLike compares case-sensitively",
      { StringLike: { [`${gh}:sub`]: "repo:ACME/*" } },
      present,
      false,
    ],
    [
      "StringLike fails on a missing key",
      { StringLike: { [`${gh}:environment`]: "*" } },
      present,
      false,
    ],
    [
      "StringNotLike fails for a matching value",
      { StringNotLike: { [`${gh}:sub`]: "repo:acme/*" } },
      present,
      false,
    ],
    [
      "StringNotLike holds for another value",
      { StringNotLike: { [`${gh}:sub`]: "repo:evil/*" } },
      present,
      true,
    ],
    [
      "StringNotLike holds on a missing key",
      { StringNotLike: { [`${gh}:environment`]: "*" } },
      present,
      true,
    ],
  ])("%s", (_title, condition, values, expected) => {
    expect(allowed(policy(condition), values)).toBe(expected);
  });
});

describe("evaluateTrustPolicy: escapes and variables", () => {
  const star = { [`${gh}:sub`]: "repo:acme/api:ref:refs/heads/*" };
  it.each<[string, unknown, Record<string, string | string[]>, boolean, string?]>([
    [
      "${*} is a literal * under StringLike",
      { StringLike: { [`${gh}:sub`]: "repo:acme/api:ref:refs/heads/${*}" } },
      star,
      true,
    ],
    [
      "${*} does not match other text",
      { StringLike: { [`${gh}:sub`]: "repo:acme/api:ref:refs/heads/${*}" } },
      present,
      false,
    ],
    [
      "${?} is a literal ?",
      { StringLike: { [`${gh}:sub`]: "a${?}" } },
      { [`${gh}:sub`]: "a?" },
      true,
    ],
    [
      "${?} does not match another character",
      { StringLike: { [`${gh}:sub`]: "a${?}" } },
      { [`${gh}:sub`]: "ab" },
      false,
    ],
    [
      "${$} is a literal $",
      { StringEquals: { [`${gh}:sub`]: "a${$}b" } },
      { [`${gh}:sub`]: "a$b" },
      true,
    ],
    [
      "a policy variable takes the request's value",
      { StringLike: { [`${gh}:sub`]: `repo:\${${gh}:repository}:*` } },
      { ...present, [`${gh}:repository`]: "acme/api" },
      true,
    ],
    [
      "a policy variable without a value fails the value",
      { StringLike: { [`${gh}:sub`]: `repo:\${${gh}:repository}:*` } },
      present,
      false,
    ],
    [
      "a policy variable falls back to its default",
      { StringLike: { [`${gh}:sub`]: `repo:\${${gh}:repository, 'acme/api'}:*` } },
      present,
      true,
    ],
    [
      "version 2008-10-17 has no variables: ${*} is text",
      { StringEquals: { [`${gh}:sub`]: "a${*}" } },
      { [`${gh}:sub`]: "a${*}" },
      true,
      "2008-10-17",
    ],
  ])("%s", (_title, condition, values, expected, version) => {
    expect(allowed(policy(condition, {}, version ?? "2012-10-17"), values)).toBe(expected);
  });

  it("matches adversarial patterns in linear time", () => {
    const pattern = `${"*a".repeat(40)}*b`;
    const value = "a".repeat(20_000);
    expect(
      allowed(policy({ StringLike: { [`${gh}:sub`]: pattern } }), { [`${gh}:sub`]: value }),
    ).toBe(false);
    expect(
      allowed(policy({ StringLike: { [`${gh}:sub`]: pattern } }), { [`${gh}:sub`]: `${value}b` }),
    ).toBe(true);
  });
});

describe("evaluateTrustPolicy: IfExists, Null and Bool", () => {
  it.each<[string, unknown, Record<string, string | string[]>, boolean]>([
    [
      "StringEqualsIfExists holds on a missing key",
      { StringEqualsIfExists: { [`${gh}:environment`]: "production" } },
      present,
      true,
    ],
    [
      "StringEqualsIfExists checks a present key",
      { StringEqualsIfExists: { [`${gh}:sub`]: "other" } },
      present,
      false,
    ],
    [
      "StringLikeIfExists matches a present key",
      { StringLikeIfExists: { [`${gh}:sub`]: "repo:acme/*" } },
      present,
      true,
    ],
    [
      "StringNotLikeIfExists holds on a missing key",
      { StringNotLikeIfExists: { [`${gh}:environment`]: "*" } },
      present,
      true,
    ],
    [
      "StringNotEqualsIfExists fails for the value",
      { StringNotEqualsIfExists: { [`${gh}:sub`]: sub } },
      present,
      false,
    ],
    [
      "Null true holds when the key is absent",
      { Null: { [`${gh}:environment`]: "true" } },
      present,
      true,
    ],
    [
      "Null true fails when the key is present",
      { Null: { [`${gh}:sub`]: "true" } },
      present,
      false,
    ],
    [
      "Null false holds when the key is present",
      { Null: { [`${gh}:sub`]: "false" } },
      present,
      true,
    ],
    [
      "Null false fails when the key is absent",
      { Null: { [`${gh}:environment`]: "false" } },
      present,
      false,
    ],
    [
      "Bool matches true",
      { Bool: { "gitlab.com:ref_protected": "true" } },
      { "gitlab.com:ref_protected": "true" },
      true,
    ],
    [
      "Bool matches a JSON boolean value",
      { Bool: { "gitlab.com:ref_protected": true } },
      { "gitlab.com:ref_protected": "true" },
      true,
    ],
    [
      "Bool refuses false",
      { Bool: { "gitlab.com:ref_protected": "true" } },
      { "gitlab.com:ref_protected": "false" },
      false,
    ],
    ["Bool fails on a missing key", { Bool: { "gitlab.com:ref_protected": "false" } }, {}, false],
    [
      "BoolIfExists holds on a missing key",
      { BoolIfExists: { "gitlab.com:ref_protected": "true" } },
      {},
      true,
    ],
  ])("%s", (_title, condition, values, expected) => {
    expect(allowed(policy(condition), values)).toBe(expected);
  });
});

describe("evaluateTrustPolicy: set qualifiers", () => {
  const amr = "cognito-identity.amazonaws.com:amr";
  it.each<[string, unknown, Record<string, string | string[]>, boolean]>([
    [
      "ForAnyValue holds when one value matches",
      { "ForAnyValue:StringEquals": { [amr]: "authenticated" } },
      { [amr]: ["authenticated", "graph.facebook.com"] },
      true,
    ],
    [
      "ForAnyValue fails when no value matches",
      { "ForAnyValue:StringEquals": { [amr]: "unauthenticated" } },
      { [amr]: ["authenticated"] },
      false,
    ],
    ["ForAnyValue fails on a missing key", { "ForAnyValue:StringLike": { [amr]: "*" } }, {}, false],
    [
      "ForAnyValue fails on a missing key even with IfExists",
      { "ForAnyValue:StringLikeIfExists": { [amr]: "x" } },
      {},
      false,
    ],
    [
      "ForAnyValue:StringNotEquals holds when one value differs",
      { "ForAnyValue:StringNotEquals": { [amr]: "a" } },
      { [amr]: ["a", "b"] },
      true,
    ],
    [
      "ForAnyValue:StringNotEquals fails when every value is excluded",
      { "ForAnyValue:StringNotEquals": { [amr]: ["a", "b"] } },
      { [amr]: ["a", "b"] },
      false,
    ],
    [
      "ForAllValues holds when every value is listed",
      { "ForAllValues:StringEquals": { [amr]: ["a", "b", "c"] } },
      { [amr]: ["a", "b"] },
      true,
    ],
    [
      "ForAllValues fails when one value is not listed",
      { "ForAllValues:StringEquals": { [amr]: ["a", "b"] } },
      { [amr]: ["a", "d"] },
      false,
    ],
    [
      "ForAllValues holds on a missing key",
      { "ForAllValues:StringEquals": { [amr]: "a" } },
      {},
      true,
    ],
    [
      "ForAllValues:StringNotLike fails when one value matches",
      { "ForAllValues:StringNotLike": { [amr]: "a*" } },
      { [amr]: ["ab", "c"] },
      false,
    ],
    [
      "ForAllValues:StringLike applies to a single-valued key",
      { "ForAllValues:StringLike": { [`${gh}:sub`]: "repo:acme/*" } },
      present,
      true,
    ],
    [
      "a plain operator on a multi-valued key holds when any value matches",
      { StringEquals: { [amr]: "b" } },
      { [amr]: ["a", "b"] },
      true,
    ],
    [
      "a plain negation on a multi-valued key fails when any value matches",
      { StringNotEquals: { [amr]: "b" } },
      { [amr]: ["a", "b"] },
      false,
    ],
  ])("%s", (_title, condition, values, expected) => {
    expect(allowed(policy(condition), values)).toBe(expected);
  });
});

describe("evaluateTrustPolicy: combining", () => {
  it.each<[string, unknown, Record<string, string | string[]>, boolean]>([
    ["values of one key are OR'ed", { StringEquals: { [`${gh}:sub`]: ["x", sub] } }, present, true],
    [
      "keys of one operator are AND'ed",
      { StringEquals: { [`${gh}:sub`]: sub, [`${gh}:aud`]: "other" } },
      present,
      false,
    ],
    [
      "operators are AND'ed",
      {
        StringEquals: { [`${gh}:aud`]: "sts.amazonaws.com" },
        StringLike: { [`${gh}:sub`]: "repo:evil/*" },
      },
      present,
      false,
    ],
    [
      "all conditions holding allows",
      {
        StringEquals: { [`${gh}:aud`]: "sts.amazonaws.com" },
        StringLike: { [`${gh}:sub`]: "repo:acme/*" },
      },
      present,
      true,
    ],
  ])("%s", (_title, condition, values, expected) => {
    expect(allowed(policy(condition), values)).toBe(expected);
  });

  it("lets an explicit Deny override an Allow", () => {
    const document = policy(undefined);
    document.Statement.push({
      Effect: "Deny",
      Principal: { Federated: provider },
      Action: "sts:AssumeRoleWithWebIdentity",
      Condition: { StringLike: { [`${gh}:sub`]: "*:pull_request" } },
    } as never);
    expect(allowed(document, present)).toBe(true);
    expect(allowed(document, { [`${gh}:sub`]: "repo:acme/api:pull_request" })).toBe(false);
    const verdict = evaluateTrustPolicy(compileTrustPolicy(document), {
      providerArn: provider,
      context: context({ [`${gh}:sub`]: "repo:acme/api:pull_request" }),
    });
    expect(verdict.reasons[0]?.message).toContain(
      "denies sts:AssumeRoleWithWebIdentity explicitly",
    );
  });

  it("denies implicitly without a matching Allow", () => {
    const document = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Deny",
          Principal: "*",
          Action: "sts:*",
          Condition: { Null: { [`${gh}:sub`]: "true" } },
        },
      ],
    };
    expect(allowed(document, present)).toBe(false);
  });
});

describe("evaluateTrustPolicy: principal and action", () => {
  const other = "arn:aws:iam::123456789012:oidc-provider/gitlab.com";
  it.each<[string, Record<string, unknown>, string, boolean]>([
    ["Federated names the provider", {}, provider, true],
    ["Federated refuses another provider", {}, other, false],
    ["Federated accepts a list", { Principal: { Federated: [other, provider] } }, provider, true],
    ['"*" is every principal', { Principal: "*" }, other, true],
    ['{ AWS: "*" } is every principal', { Principal: { AWS: "*" } }, other, true],
    [
      "an AWS account principal never presents a web identity",
      { Principal: { AWS: "arn:aws:iam::123456789012:root" } },
      provider,
      false,
    ],
    [
      "NotPrincipal admits others",
      { Principal: undefined, NotPrincipal: { Federated: other } },
      provider,
      true,
    ],
    [
      "NotPrincipal refuses the listed one",
      { Principal: undefined, NotPrincipal: { Federated: provider } },
      provider,
      false,
    ],
    ["sts:* covers the action", { Action: "sts:*" }, provider, true],
    ["sts:AssumeRoleWith* covers the action", { Action: "sts:AssumeRoleWith*" }, provider, true],
    [
      "actions compare case-insensitively",
      { Action: "STS:assumerolewithwebidentity" },
      provider,
      true,
    ],
    ["* covers the action", { Action: "*" }, provider, true],
    ["sts:AssumeRole alone does not", { Action: "sts:AssumeRole" }, provider, false],
    [
      "NotAction sts:AssumeRole covers it",
      { Action: undefined, NotAction: "sts:AssumeRole" },
      provider,
      true,
    ],
    ["NotAction sts:* excludes it", { Action: undefined, NotAction: "sts:*" }, provider, false],
  ])("%s", (_title, extra, principal, expected) => {
    const document = policy(undefined, extra);
    const statement = document.Statement[0] as Record<string, unknown>;
    for (const [k, v] of Object.entries(extra)) if (v === undefined) delete statement[k];
    expect(allowed(document, present, principal)).toBe(expected);
  });
});

describe("evaluateTrustPolicy: reasons", () => {
  const explain = (
    document: unknown,
    values: Record<string, string | string[]>,
    principal = provider,
  ) =>
    evaluateTrustPolicy(compileTrustPolicy(document), {
      providerArn: principal,
      context: context(values),
    }).reasons.map((r) => r.message);

  it.each<[string, unknown, Record<string, string | string[]>, string, string?]>([
    [
      "a token presented to another provider",
      policy(undefined),
      present,
      `trustPolicy.Statement[0] trusts Federated: ${provider}, but the token is presented to arn:aws:iam::123456789012:oidc-provider/gitlab.com: the token's iss names another OIDC provider.`,
      "arn:aws:iam::123456789012:oidc-provider/gitlab.com",
    ],
    [
      "a key that must be absent",
      policy({ Null: { [`${gh}:sub`]: "true" } }),
      present,
      `trustPolicy.Statement[0] requires ${gh}:sub to be absent (Null ["true"]); it is present.`,
    ],
    [
      "a missing key",
      policy({ StringEquals: { [`${gh}:environment`]: "production" } }),
      present,
      `trustPolicy.Statement[0] requires ${gh}:environment (StringEquals ["production"]), but the request has no such key.`,
    ],
    [
      "a negation that matched",
      policy({ StringNotLike: { [`${gh}:sub`]: "repo:acme/*" } }),
      present,
      `trustPolicy.Statement[0]: ${gh}:sub is "${sub}", but must not match StringNotLike ["repo:acme/*"].`,
    ],
    [
      "a statement for another action",
      policy(undefined, { Action: "sts:AssumeRole" }),
      present,
      "trustPolicy.Statement[0] allows sts:AssumeRole, not sts:AssumeRoleWithWebIdentity.",
    ],
  ])("explains %s", (_title, document, values, message, principal) => {
    expect(explain(document, values, principal)).toContain(message);
  });
});

describe("compileTrustPolicy", () => {
  it.each<[string, unknown, string]>([
    [
      "an Effect spelled in lower case",
      { Version: "2012-10-17", Statement: [{ Effect: "allow", Principal: "*", Action: "sts:*" }] },
      'trustPolicy.Statement[0].Effect: allow — Effect is "Allow" or "Deny", spelled exactly.',
    ],
    [
      "an unknown operator",
      policy({ StringEqual: { [`${gh}:sub`]: sub } }),
      "trustPolicy.Statement[0].Condition.StringEqual: StringEqual — IAM has no such condition operator",
    ],
    [
      "a statement without a principal",
      { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:*" }] },
      "names exactly one of Principal or NotPrincipal",
    ],
    [
      "an unknown version",
      { Version: "2012-10-18", Statement: [] },
      "trustPolicy.Version: 2012-10-18 — IAM knows the policy versions",
    ],
    ["text that is not JSON", "{", "trustPolicy: (text) — A trust policy is a JSON document."],
  ])("refuses %s with ERR_INPUT_UNUSABLE", (_title, document, message) => {
    expect(() => compileTrustPolicy(document)).toThrow(
      expect.objectContaining({
        code: "ERR_INPUT_UNUSABLE",
        message: expect.stringContaining(message),
      }),
    );
  });

  it("reads a policy given as JSON text", () => {
    expect(allowed(JSON.stringify(policy({ StringEquals: { [`${gh}:sub`]: sub } })), present)).toBe(
      true,
    );
  });

  it("keeps an operator it does not evaluate from allowing, and says so", () => {
    const compiled = compileTrustPolicy(
      policy({ NumericLessThan: { [`${gh}:repository_id`]: "10" } }),
    );
    const verdict = evaluateTrustPolicy(compiled, {
      providerArn: provider,
      context: context(present),
    });
    expect(verdict.kind).toBe("deny");
    expect(verdict.reasons.map((r) => r.kind)).toContain("unsupported");
    expect(verdict.reasons.find((r) => r.kind === "unsupported")?.message).toContain(
      "NumericLessThan is not evaluated by Keyless",
    );
  });
});
