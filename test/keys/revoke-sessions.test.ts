import { IAMClient, PutRolePolicyCommand } from "@aws-sdk/client-iam";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, describe, expect, it } from "vitest";
import { renderRevokeOlderSessionsPolicy, revokeAwsRoleSessions, roleNameOf } from "../../sdk/keys";

const iam = mockClient(IAMClient);
afterAll(() => iam.restore());

describe("renderRevokeOlderSessionsPolicy", () => {
  it("denies everything to sessions issued before the cutoff, rounded up to the second", () => {
    expect(renderRevokeOlderSessionsPolicy(new Date("2026-12-03T12:00:00.250Z"))).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Deny",
          Action: "*",
          Resource: "*",
          Condition: { DateLessThan: { "aws:TokenIssueTime": "2026-12-03T12:00:01Z" } },
        },
      ],
    });
  });

  it("is frozen", () => {
    expect(Object.isFrozen(renderRevokeOlderSessionsPolicy(new Date()))).toBe(true);
  });
});

describe("revokeAwsRoleSessions", () => {
  it("puts the AWSRevokeOlderSessions inline policy on the role named by its ARN", async () => {
    iam.on(PutRolePolicyCommand).resolves({ $metadata: { httpStatusCode: 200 } });
    const result = await revokeAwsRoleSessions(
      new IAMClient({ region: "us-east-1" }),
      "arn:aws:iam::123456789012:role/ci/deploy",
      new Date("2026-12-03T12:00:00Z"),
    );
    const input = iam.commandCalls(PutRolePolicyCommand)[0]?.args[0].input;
    expect(input?.RoleName).toBe("deploy");
    expect(input?.PolicyName).toBe("AWSRevokeOlderSessions");
    expect(JSON.parse(input?.PolicyDocument ?? "")).toEqual(result.policy);
    expect(result.revokedBefore).toBe("2026-12-03T12:00:00Z");
  });
});

describe("roleNameOf", () => {
  it("rejects a value that is no role name, with the rule and the fix", () => {
    expect(() => roleNameOf("deploy role")).toThrow(
      expect.objectContaining({
        code: "ERR_INPUT_UNUSABLE",
        message: expect.stringContaining('role: "deploy role" is not an IAM role name or ARN'),
      }),
    );
  });
});
