import { describe, expect, it } from "vitest";
import { lintDocument } from "../../../provider/policy/lint-adapter";
import { trustLint, trustLintAdvice } from "../../../provider/policy/trust-lint";
import { validate } from "./harness";

const github = "token.actions.githubusercontent.com";
const provider = `arn:aws:iam::123456789012:oidc-provider/${github}`;

function trustPolicy(condition: Record<string, Record<string, string | string[]>>) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: provider },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: condition,
      },
    ],
  };
}

const audOnly = trustPolicy({ StringEquals: { [`${github}:aud`]: "sts.amazonaws.com" } });
const pinned = trustPolicy({
  StringEquals: {
    [`${github}:aud`]: "sts.amazonaws.com",
    [`${github}:sub`]: "repo:acme/api:environment:production",
  },
});

function role(name: string, assumeRolePolicy: unknown) {
  return { type: "aws:iam/role:Role", name, props: { assumeRolePolicy, maxSessionDuration: 3600 } };
}

describe("keyless-trust-lint", () => {
  it.each([
    ["a JSON string", JSON.stringify(audOnly)],
    ["an object", audOnly],
  ])("rejects a role trusting GitHub without a sub condition, written as %s", async (_f, doc) => {
    const violations = await validate(trustLint, role("deployer", doc));

    expect(violations).toHaveLength(1);
    expect(violations[0]?.message).toMatch(
      /^deployer \(aws:iam\/role:Role\) breaks aws-no-subject-condition \[critical\] at /,
    );
    expect(violations[0]?.message).toContain(`${github}:sub`);
    expect(violations[0]?.message).toContain("FederatedRole");
  });

  it.each([
    ["repo:*", true],
    ["repo:acme/*", true],
    ["repo:acme/api:*", false],
  ])("with StringLike sub %s, rejects: %s", async (sub, rejected) => {
    const doc = trustPolicy({
      StringEquals: { [`${github}:aud`]: "sts.amazonaws.com" },
      StringLike: { [`${github}:sub`]: sub },
    });
    expect(await validate(trustLint, role("deployer", doc))).toHaveLength(rejected ? 1 : 0);
  });

  it("accepts a role whose trust pins the repository and environment", async () => {
    expect(await validate(trustLint, role("deployer", JSON.stringify(pinned)))).toEqual([]);
  });

  it("reports exactly the linter's findings, one violation each", async () => {
    const findings = lintDocument(audOnly, "deployer");
    const violations = await validate(trustLint, role("deployer", audOnly));

    expect(findings.length).toBeGreaterThan(0);
    expect(violations.map((v) => v.message)).toEqual(
      findings.map((f) => expect.stringContaining(`breaks ${f.rule} [${f.severity}] at ${f.path}`)),
    );
  });

  it("leaves roles that trust services alone", async () => {
    const service = {
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
      ],
    };
    expect(await validate(trustLint, role("instance", service))).toEqual([]);
  });

  it("moves findings below failOn to the advisory policy", async () => {
    // An unreadable trust policy is a high finding: blocking at "high", advice at "critical".
    const broken = `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"${provider}"},"Action":"sts:AssumeRoleWithWebIdentity"`;
    const resource = role("deployer", broken);

    expect(await validate(trustLint, resource)).toHaveLength(1);
    expect(await validate(trustLint, resource, { failOn: "critical" })).toEqual([]);
    expect(await validate(trustLintAdvice, resource, { failOn: "critical" })).toHaveLength(1);
    expect(await validate(trustLintAdvice, resource)).toEqual([]);
  });

  it.each([
    ["only the branch", "assertion.ref == 'refs/heads/main'", 1],
    ["the repository's ID", "assertion.repository_id == '7654321'", 0],
  ])(
    "on a GitHub pool provider whose condition pins %s, reports %i violation(s)",
    async (_t, condition, count) => {
      const provider = {
        type: "gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider",
        name: "github",
        props: {
          project: "acme-prod",
          workloadIdentityPoolId: "ci",
          workloadIdentityPoolProviderId: "github",
          attributeMapping: { "google.subject": "assertion.sub" },
          attributeCondition: condition,
          oidc: { issuerUri: `https://${github}` },
        },
      };

      const violations = await validate(trustLint, provider);

      expect(violations).toHaveLength(count);
      for (const v of violations) {
        expect(v.message).toMatch(
          /^github \(gcp:iam\/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider\) breaks gcp-condition-admits-outsiders \[high\]/,
        );
        expect(v.message).toContain("FederatedServiceAccount");
      }
    },
  );
});
