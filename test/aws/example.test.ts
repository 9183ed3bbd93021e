import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { startCollectingManifests } from "../../sdk/manifest";
import { installAwsMocks, settle } from "./mock-aws";

// The example imports "keyless", which resolves to the built package; run it on the sources.
vi.mock("keyless", () => vi.importActual(join(__dirname, "..", "..", "sdk", "index.ts")));

const ROLE = "aws:iam/role:Role";
const PROVIDER = "aws:iam/openIdConnectProvider:OpenIdConnectProvider";

afterEach(async () => {
  await settle();
});

describe("examples/github-actions-aws", () => {
  it("plans three OIDC providers and five roles with the declared trust", async () => {
    const mocks = await installAwsMocks();
    const collect = startCollectingManifests();
    await import(
      /* @vite-ignore */ join(__dirname, "..", "..", "examples", "github-actions-aws", "index.ts")
    );
    const manifests = await collect();
    await settle();

    expect(mocks.resources.filter((r) => r.type === PROVIDER).map((r) => r.inputs.url)).toEqual([
      "https://token.actions.githubusercontent.com",
      "https://gitlab.com",
      "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789",
    ]);
    const roles = mocks.resources.filter((r) => r.type === ROLE);
    expect(roles.map((r) => [r.name, r.inputs.maxSessionDuration])).toEqual([
      ["api-deploy", 3600],
      ["web-main", 3600],
      ["infra-release", 7200],
      ["gitlab-deploy", 3600],
      ["payments-reader", 3600],
    ]);
    expect(manifests.map((m) => [m.identity, m.aws?.sessionDurationSeconds])).toEqual([
      ["api-deploy", 2700],
      ["gitlab-deploy", 1800],
      ["infra-release", 7200],
      ["payments-reader", 3600],
      ["web-main", 3600],
    ]);

    const apiDeploy = JSON.parse(mocks.find(ROLE, "api-deploy").inputs.assumeRolePolicy as string);
    expect(apiDeploy.Statement).toHaveLength(1);
    const conditions = apiDeploy.Statement[0].Condition;
    expect(Object.keys(conditions)).toEqual(["StringEquals"]);
    expect(conditions.StringEquals["token.actions.githubusercontent.com:sub"]).toEqual([
      "repo:acme/api:environment:production",
      "repo:acme@1234567/api@7654321:environment:production",
    ]);
    expect(conditions.StringEquals["token.actions.githubusercontent.com:repository_id"]).toBe(
      "7654321",
    );

    const payments = JSON.parse(
      mocks.find(ROLE, "payments-reader").inputs.assumeRolePolicy as string,
    );
    expect(payments.Statement[0].Condition.StringEquals).toEqual({
      "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789:aud": "sts.amazonaws.com",
      "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789:sub":
        "system:serviceaccount:payments:reader",
    });
    expect(
      mocks.find(
        "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        "gitlab-deploy-PowerUserAccess",
      ).inputs.policyArn,
    ).toBe("arn:aws:iam::aws:policy/PowerUserAccess");
    expect(
      JSON.parse(
        mocks.find("aws:iam/rolePolicy:RolePolicy", "web-main-inline").inputs.policy as string,
      ).Statement,
    ).toEqual([{ Effect: "Allow", Action: "s3:PutObject", Resource: "arn:aws:s3:::acme-web/*" }]);
    expect(manifests.find((m) => m.identity === "web-main")?.warnings).toEqual([
      expect.stringMatching(/\[github-no-ids\]$/),
    ]);
    expect(manifests.find((m) => m.identity === "infra-release")?.warnings).toEqual([
      expect.stringMatching(/\[github-no-ids\]$/),
      expect.stringMatching(/\[github-ref-pattern\]$/),
    ]);
  });
});
