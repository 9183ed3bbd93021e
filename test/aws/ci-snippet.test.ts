import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { renderCiSnippet } from "../../sdk/aws";
import { declareTrust, type TrustArgs } from "../../sdk/trust";

const ROLE_ARN = "arn:aws:iam::123456789012:role/deploy";

function snippet(trust: TrustArgs | TrustArgs[], audience?: string) {
  const text = renderCiSnippet(declareTrust(trust).subjects, {
    identity: "deploy",
    roleArn: ROLE_ARN,
    sessionDurationSeconds: 1800,
    region: "eu-west-1",
    ...(audience ? { audience } : {}),
  });
  return { text, docs: parseAllDocuments(text).map((d) => d.toJS()) };
}

describe("renderCiSnippet", () => {
  it("gives a GitHub branch job the token permission and the role to assume", () => {
    const { text, docs } = snippet({ github: { repository: "acme/web", branch: "main" } });
    expect(text).toMatch(/^# GitHub Actions: GitHub acme\/web, branch main\. Paste under `jobs:`/);
    expect(docs).toEqual([
      {
        deploy: {
          "runs-on": "ubuntu-latest",
          permissions: { "id-token": "write", contents: "read" },
          steps: [
            {
              name: "Configure AWS credentials",
              uses: "aws-actions/configure-aws-credentials@v5",
              with: {
                "role-to-assume": ROLE_ARN,
                "role-duration-seconds": 1800,
                "aws-region": "eu-west-1",
              },
            },
          ],
        },
      },
    ]);
  });

  it("names the audience only when it is not the default", () => {
    const { docs } = snippet(
      { github: { repository: "acme/web", branch: "main" } },
      "https://github.com/acme",
    );
    expect(docs[0].deploy.steps[0].with.audience).toBe("https://github.com/acme");
  });

  it("gives a GitLab job an id_tokens block with the audience and an exchange for the TTL", () => {
    const { docs } = snippet({ gitlab: { project: "acme/platform/deployer", branch: "main" } });
    const job = docs[0].deploy;
    expect(job.id_tokens).toEqual({ AWS_ID_TOKEN: { aud: "sts.amazonaws.com" } });
    expect(job.variables).toEqual({ AWS_ROLE_ARN: ROLE_ARN, AWS_DEFAULT_REGION: "eu-west-1" });
    expect(job.rules).toEqual([{ if: '$CI_COMMIT_BRANCH == "main"' }]);
    expect(job.script[0]).toMatch(
      /aws sts assume-role-with-web-identity --role-arn "\$AWS_ROLE_ARN" .* --web-identity-token "\$AWS_ID_TOKEN" --duration-seconds 1800 /,
    );
  });

  it("annotates an EKS service account with the role", () => {
    const { docs } = snippet({
      kubernetes: {
        issuerUrl: "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789",
        namespace: "payments",
        serviceAccount: "reader",
      },
    });
    expect(docs).toEqual([
      {
        apiVersion: "v1",
        kind: "ServiceAccount",
        metadata: {
          name: "reader",
          namespace: "payments",
          annotations: { "eks.amazonaws.com/role-arn": ROLE_ARN },
        },
      },
    ]);
  });

  it("projects a token with the AWS audience on other clusters", () => {
    const { docs } = snippet({
      kubernetes: {
        issuerUrl: "https://k8s.acme.example",
        namespace: "payments",
        serviceAccount: "reader",
      },
    });
    expect(docs).toHaveLength(2);
    expect(docs[1].volumes[0].projected.sources[0].serviceAccountToken.audience).toBe(
      "sts.amazonaws.com",
    );
    expect(docs[1].containers[0].env).toContainEqual({
      name: "AWS_WEB_IDENTITY_TOKEN_FILE",
      value: "/var/run/secrets/aws/token",
    });
  });

  it("writes one section per distinct subject", () => {
    const { docs } = snippet([
      { github: { repository: "acme/web", environment: "staging" } },
      { gitlab: { project: "acme/app", tag: "v*" } },
    ]);
    expect(docs.map((d) => Object.keys(d))).toEqual([["deploy"], ["deploy"]]);
    expect(docs[0].deploy.environment).toBe("staging");
    expect(docs[1].deploy.rules).toBeUndefined();
  });
});
