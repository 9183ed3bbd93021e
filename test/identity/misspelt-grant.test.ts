import { describe, expect, it } from "vitest";
import { FederatedRole } from "../../sdk/aws";
import { TrustValidationError } from "../../sdk/errors";
import { GcpFederatedServiceAccount } from "../../sdk/gcp";
import { Identity, type IdentityArgs } from "../../sdk/identity";

const trust: IdentityArgs["trust"] = [
  { github: { repository: "acme/api", ownerId: 1, repositoryId: 2, environment: "production" } },
];

function problemsOf(build: () => unknown) {
  try {
    build();
  } catch (err) {
    if (err instanceof TrustValidationError) return err.problems;
    throw err;
  }
  return [];
}

// A misspelt grant would otherwise vanish: the identity would deploy without it and say nothing.
describe("Identity (arguments it does not know)", () => {
  it.each<[string, unknown, string, RegExp]>([
    [
      "a misspelt grant",
      {
        trust,
        aws: { managedPolicyArns: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] },
        gpc: { project: "acme-prod" },
      },
      "api.gpc",
      /^Did you mean gcp\?$/,
    ],
    [
      "a misspelt AWS property",
      { trust, aws: { managedPolicyArn: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] } },
      "api.aws.managedPolicyArn",
      /^Did you mean managedPolicyArns\?$/,
    ],
    [
      "a misspelt statement property",
      { trust, aws: { policyStatements: [{ action: ["s3:GetObject"], resources: ["*"] }] } },
      "api.aws.policyStatements[0].action",
      /^Did you mean actions\?$/,
    ],
    ["no grant at all", { trust }, "api", /^Declare what it may do in aws, gcp or azure/],
  ])("refuses %s, naming the property", (_title, args, path, fix) => {
    const problem = problemsOf(() => new Identity("api", args as IdentityArgs)).find(
      (p) => p.path === path,
    );
    expect(problem, JSON.stringify(args)).toBeDefined();
    expect(problem?.fix).toMatch(fix);
  });

  it("refuses a placeholder where a managed policy ARN belongs", () => {
    const [problem] = problemsOf(
      () => new FederatedRole("api", { trust, managedPolicyArns: ["REPLACE_ME_POLICY_ARN"] }),
    );
    expect(problem).toMatchObject({
      path: "api.managedPolicyArns[0]",
      value: "REPLACE_ME_POLICY_ARN",
    });
    expect(problem?.rule).toMatch(/arn:aws:iam::aws:policy\/NAME/);
  });

  it("refuses a placeholder where a GCP project ID belongs", () => {
    const [problem] = problemsOf(
      () => new GcpFederatedServiceAccount("api", { trust, project: "REPLACE_ME_PROJECT_ID" }),
    );
    expect(problem).toMatchObject({ path: "api.project", value: "REPLACE_ME_PROJECT_ID" });
  });
});
