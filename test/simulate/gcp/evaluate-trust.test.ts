import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  compileCel,
  evaluateGcpProvider,
  evaluateGcpTrust,
  extract,
  parseGcpPrincipal,
  readGcpProvider,
} from "../../../sdk/simulate/gcp";

const claimsDir = join(__dirname, "../../fixtures/simulate/claims");
const load = (name: string) =>
  JSON.parse(readFileSync(join(claimsDir, `${name}.json`), "utf8")) as Record<string, unknown>;

const pool = "projects/123456789012/locations/global/workloadIdentityPools/github";
const name = `${pool}/providers/github-actions`;
const audience = `https://iam.googleapis.com/${name}`;
const rest = {
  name,
  displayName: "GitHub Actions",
  state: "ACTIVE",
  disabled: false,
  oidc: { issuerUri: "https://token.actions.githubusercontent.com", allowedAudiences: [] },
  attributeMapping: {
    "google.subject": "assertion.sub",
    "attribute.repository_id": "assertion.repository_id",
    "attribute.repository_owner_id": "assertion.repository_owner_id",
  },
  attributeCondition: "assertion.repository_owner_id == '1234567'",
};
const production = { ...load("api-production"), aud: audience };
const principal = (s: string) => `principal://iam.googleapis.com/${pool}/subject/${s}`;

describe("evaluateGcpTrust", () => {
  it("allows a token whose mapped subject is a bound principal", () => {
    const verdict = evaluateGcpTrust({
      providers: [rest],
      principals: [principal("repo:acme/api:environment:production")],
      claims: production,
    });
    expect(verdict.kind).toBe("allow");
    expect(verdict.reasons.at(-1)?.message).toBe(
      `The identity is the bound principal ${principal("repo:acme/api:environment:production")}.`,
    );
  });

  it.each([
    [
      "principalSet attribute",
      `principalSet://iam.googleapis.com/${pool}/attribute.repository_id/7654321`,
      true,
    ],
    [
      "principalSet attribute with another value",
      `principalSet://iam.googleapis.com/${pool}/attribute.repository_id/1`,
      false,
    ],
    ["the whole pool", `principalSet://iam.googleapis.com/${pool}/*`, true],
    [
      "a principal in another pool",
      `principal://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/other/subject/repo:acme/api:environment:production`,
      false,
    ],
    [
      "a group the identity is not in",
      `principalSet://iam.googleapis.com/${pool}/group/deployers`,
      false,
    ],
    ["a service account", "serviceAccount:deploy@acme-prod.iam.gserviceaccount.com", false],
  ])("matches %s: %s", (_title, bound, expected) => {
    const verdict = evaluateGcpTrust({
      providers: [rest],
      principals: [bound],
      claims: production,
    });
    expect(verdict.kind === "allow").toBe(expected);
  });

  it("accepts the provider's resource name in either form when allowed audiences are empty", () => {
    for (const aud of [audience, `//iam.googleapis.com/${name}`]) {
      const { verdict } = evaluateGcpProvider(readGcpProvider(rest), { ...production, aud });
      expect(verdict.kind).toBe("allow");
    }
  });

  it("refuses another audience and names the accepted ones", () => {
    const { verdict } = evaluateGcpProvider(readGcpProvider(rest), {
      ...production,
      aud: "sts.amazonaws.com",
    });
    expect(verdict.kind).toBe("deny");
    expect(verdict.reasons[0]?.message).toBe(
      `The token's audience "sts.amazonaws.com" is not the provider's resource name (its allowed audiences are empty), in either form: "//iam.googleapis.com/${name}", "${audience}".`,
    );
  });

  it("accepts only the allowed audiences when they are set", () => {
    const provider = readGcpProvider({
      ...rest,
      oidc: { ...rest.oidc, allowedAudiences: ["https://github.com/acme"] },
    });
    expect(
      evaluateGcpProvider(provider, { ...production, aud: "https://github.com/acme" }).verdict.kind,
    ).toBe("allow");
    expect(evaluateGcpProvider(provider, production).verdict.kind).toBe("deny");
  });

  it("explains a false attribute condition with the claim that missed", () => {
    const { verdict } = evaluateGcpProvider(readGcpProvider(rest), {
      ...production,
      repository_owner_id: "9999999",
    });
    expect(verdict.kind).toBe("deny");
    expect(verdict.reasons.map((r) => r.message)).toEqual([
      `The attribute condition "assertion.repository_owner_id == '1234567'" is false for this token; it must be true.`,
      'assertion.repository_owner_id is "9999999"; the condition compares it with "1234567".',
    ]);
  });

  it("rejects a token when a mapping reads a claim it does not carry", () => {
    const provider = readGcpProvider({
      ...rest,
      attributeMapping: {
        ...rest.attributeMapping,
        "attribute.environment": "assertion.environment",
      },
    });
    const { verdict } = evaluateGcpProvider(provider, {
      ...load("api-main-no-environment"),
      aud: audience,
    });
    expect(verdict.kind).toBe("deny");
    expect(verdict.reasons[0]?.message).toContain(
      'The attribute mapping attribute.environment = "assertion.environment" fails to evaluate on this token',
    );
  });

  it("enforces the 127-byte google.subject limit in pairs", () => {
    const provider = readGcpProvider(rest);
    const at = (bytes: number) => ({ ...production, sub: "s".repeat(bytes - 2) + "é" });
    expect(evaluateGcpProvider(provider, at(127)).verdict.kind).toBe("allow");
    const over = evaluateGcpProvider(provider, at(128)).verdict;
    expect(over.kind).toBe("deny");
    expect(over.reasons[0]?.message).toContain(
      "google.subject is 128 bytes, over Google's limit of 127",
    );
  });

  it("hints at a trailing slash on the issuer", () => {
    const verdict = evaluateGcpTrust({
      providers: [rest],
      principals: [],
      claims: { ...production, iss: "https://token.actions.githubusercontent.com/" },
    });
    expect(verdict.kind).toBe("deny");
    expect(verdict.reasons[1]?.message).toContain("differ by a trailing slash");
  });

  it("hints that an environment job's subject has no ref", () => {
    const verdict = evaluateGcpTrust({
      providers: [rest],
      principals: [principal("repo:acme/api:ref:refs/heads/main")],
      claims: production,
    });
    expect(verdict.kind).toBe("deny");
    expect(verdict.reasons.map((r) => r.message).join("\n")).toContain(
      'The job deploys to environment production, so GitHub puts "environment:production" in sub instead of the ref',
    );
  });

  it("evaluates a GitLab provider over GitLab's claims", () => {
    const gitlab = {
      name: "projects/123456789012/locations/global/workloadIdentityPools/gitlab/providers/gitlab-com",
      issuerUri: "https://gitlab.com",
      allowedAudiences: ["https://gitlab.com"],
      attributeMapping: {
        "google.subject": "assertion.sub",
        "attribute.project_path": "assertion.project_path",
      },
      attributeCondition: "assertion.namespace_id == '4242' && assertion.ref_protected == 'true'",
    };
    const claims = { ...load("gitlab-main"), aud: "https://gitlab.com" };
    const bound = [
      "principalSet://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/gitlab/attribute.project_path/acme/platform/deployer",
    ];
    expect(evaluateGcpTrust({ providers: [gitlab], principals: bound, claims }).kind).toBe("allow");
    expect(
      evaluateGcpTrust({
        providers: [gitlab],
        principals: bound,
        claims: { ...claims, ref_protected: "false" },
      }).kind,
    ).toBe("deny");
  });
});

describe("compileCel", () => {
  it.each([
    ["google.subject.startsWith('repo:acme/')", true],
    ["attribute.repository_id == '7654321' && assertion.ref == 'refs/heads/main'", true],
    ["'production' in google.groups", false],
    ["assertion.sub.extract('repo:{repo}:') == 'acme/api'", true],
    ["attribute.google == 'google.subject' && google.subject != 'google'", true],
  ])("evaluates %s", (source, expected) => {
    const result = compileCel(source).evaluate({
      assertion: { sub: "repo:acme/api:ref:refs/heads/main", ref: "refs/heads/main" },
      attribute: { repository_id: "7654321", google: "google.subject" },
      google: { subject: "repo:acme/api:ref:refs/heads/main", groups: [] },
    });
    expect(result).toBe(expected);
  });
});

describe("extract", () => {
  it.each([
    ["repo:acme/api:ref:refs/heads/main", "repo:{repo}:", "acme/api"],
    ["repo:acme/api:ref:refs/heads/main", "ref:{ref}", "refs/heads/main"],
    ["project_path:acme/x", "repo:{repo}:", ""],
  ])("extracts from %s with %s", (value, template, expected) => {
    expect(extract(value, template)).toBe(expected);
  });
});

describe("readGcpProvider", () => {
  it("names the path of a malformed provider name", () => {
    expect(() => readGcpProvider({ ...rest, name: "github-actions" })).toThrow(
      expect.objectContaining({
        code: "ERR_INPUT_UNUSABLE",
        message: expect.stringContaining(
          'provider.name: "github-actions" — A provider name is projects/NUMBER/',
        ),
      }),
    );
  });

  it("reads a principal with a percent-encoded subject", () => {
    expect(
      parseGcpPrincipal(`principal://iam.googleapis.com/${pool}/subject/repo%3Aacme%2Fapi`),
    ).toMatchObject({ kind: "subject", subject: "repo:acme/api" });
  });
});
