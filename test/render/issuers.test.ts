import { describe, expect, it } from "vitest";
import { renderTrustPolicy } from "../../sdk/aws/trust-policy";
import { renderAzureCredentials } from "../../sdk/azure/render-credentials";
import { KeylessError } from "../../sdk/errors";
import { renderGcpProvider } from "../../sdk/gcp/render-provider";
import { evaluateAwsTrust } from "../../sdk/simulate/aws";
import { declareTrust, type TrustArgs } from "../../sdk/trust";
import { claimsFor } from "../support/claims";
import { expectGolden } from "../support/golden";

const org = "1c2d3e4f-0000-4a5b-8c9d-0123456789ab";
const project = "5a6b7c8d-1111-4e2f-9a0b-abcdefabcdef";

function outcome<T>(render: () => T): T | { refused: string; message: string } {
  try {
    return render();
  } catch (err) {
    if (!KeylessError.isInstance(err)) throw err;
    return { refused: err.code, message: err.message };
  }
}

// Every issuer the trust model knows beyond the first four, rendered for every cloud: each cloud
// gets the narrowest document it can enforce, or a refusal that says why.
describe.each<[string, TrustArgs]>([
  ["circleci", { circleci: { organizationId: org, projectId: project } }],
  ["circleci-branch", { circleci: { organizationId: org, projectId: project, branch: "main" } }],
  [
    "buildkite",
    { buildkite: { organization: "acme", pipeline: "deploy", branch: "main", step: "release" } },
  ],
  [
    "terraform-cloud",
    {
      terraformCloud: {
        organization: "acme",
        project: "platform",
        workspace: "network-prod",
        runPhase: "apply",
      },
    },
  ],
  ["pulumi-esc", { pulumiCloud: { organization: "acme", environment: "platform/production" } }],
  [
    "pulumi-deployments",
    {
      pulumiCloud: {
        organization: "acme",
        deployment: { project: "network", stack: "prod", operation: "update" },
      },
    },
  ],
  [
    "bitbucket",
    {
      bitbucket: {
        workspace: "acme",
        repositoryUuid: "3b9a7c1e-3333-4d2c-9e8f-aabbccddeeff",
        environmentUuid: "7e6d5c4b-4444-4a3b-8c2d-ffeeddccbbaa",
      },
    },
  ],
])("the %s trust", (name, trust) => {
  const { subjects } = declareTrust(trust);
  const issuer = subjects[0]!.issuer;
  const providerArn = `arn:aws:iam::123456789012:oidc-provider/${issuer.hostPath}`;
  const aws = outcome(() =>
    renderTrustPolicy(subjects, { providerArns: { [issuer.url]: providerArn } }),
  );
  const gcp = outcome(() =>
    renderGcpProvider(subjects, {
      projectNumber: "123456789012",
      poolId: "ci-pool",
      providerId: "ci-provider",
    }),
  );
  const azure = outcome(() => renderAzureCredentials(subjects));

  it("renders for AWS, GCP and Azure as the golden file shows", () => {
    expectGolden("render", name, {
      aws: "document" in aws ? aws.document : aws,
      gcp: "provider" in gcp ? { provider: gcp.provider, bindings: gcp.bindings } : gcp,
      azure: "credentials" in azure ? azure.credentials : azure,
    });
  });

  it("admits in AWS a token the declared subject carries, and refuses another organization's", () => {
    if (!("document" in aws)) return expect(aws.refused).toBe("ERR_TRUST_UNENFORCEABLE");
    const audience = subjects[0]!.audiences?.aws ?? "sts.amazonaws.com";
    const claims = claimsFor(subjects[0]!, audience);
    const roleArn = "arn:aws:iam::123456789012:role/ci";
    expect(evaluateAwsTrust({ trustPolicy: aws.document, roleArn, claims }).kind).toBe("allow");
    const stranger = {
      ...claims,
      sub: String(claims["sub"]).replace(/acme|1c2d3e4f|3b9a7c1e/, "evil"),
    };
    expect(evaluateAwsTrust({ trustPolicy: aws.document, roleArn, claims: stranger }).kind).toBe(
      "deny",
    );
  });
});
