import { describe, expect, it } from "vitest";
import { lintTrustText } from "../../../sdk/simulate/lint";

// `keyless plan --json` and Pulumi state hold a role's trust as JSON inside a string.
describe("lintTrustText (a trust policy held as a JSON string)", () => {
  it("reads the policy inside the string and lints it", () => {
    const policy = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: {
            Federated:
              "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com",
          },
          Action: "sts:AssumeRoleWithWebIdentity",
          Condition: {
            StringEquals: { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
          },
        },
      ],
    };
    const result = lintTrustText(JSON.stringify(JSON.stringify(policy)));
    expect(result.documents).toEqual(["aws-trust-policy"]);
    expect(result.findings.map((f) => [f.rule, f.severity])).toEqual([
      ["aws-no-subject-condition", "critical"],
    ]);
  });
});
