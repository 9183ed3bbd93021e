import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseCredentialReport } from "../../sdk/keys";

const csv = readFileSync(join(__dirname, "../fixtures/keys/credential-report.csv"), "utf8");

describe("parseCredentialReport", () => {
  it("reads one key per occupied slot in the documented layout", () => {
    expect(parseCredentialReport(csv)).toEqual([
      {
        cloud: "aws",
        principal: "ci-deploy",
        slot: 1,
        kind: "access-key",
        status: "active",
        createdAt: "2021-03-01T10:05:00.000Z",
        lastUsedAt: "2026-12-01T06:15:00.000Z",
        lastUsedService: "s3",
        lastUsedRegion: "eu-west-1",
        lastUseKnown: true,
      },
      expect.objectContaining({
        principal: "legacy-backup",
        slot: 1,
        lastUsedAt: "2025-02-10T03:00:00.000Z",
      }),
      {
        cloud: "aws",
        principal: "legacy-backup",
        slot: 2,
        kind: "access-key",
        status: "active",
        createdAt: "2024-01-20T08:00:00.000Z",
        lastUseKnown: true,
      },
      expect.objectContaining({ principal: "alice-example", slot: 1, status: "inactive" }),
    ]);
  });

  it("skips users and the root account with no access key (N/A, no_information)", () => {
    const principals = parseCredentialReport(csv).map((k) => k.principal);
    expect(principals).not.toContain("console-only");
    expect(principals).not.toContain("<root_account>");
  });

  it("keeps a root account key: the riskiest key there is", () => {
    const withRootKey = csv.replace(
      "<root_account>,arn:aws:iam::123456789012:root,2019-01-10T09:00:00+00:00,not_supported,2026-11-30T08:00:00+00:00,not_supported,not_supported,true,false,N/A",
      "<root_account>,arn:aws:iam::123456789012:root,2019-01-10T09:00:00+00:00,not_supported,2026-11-30T08:00:00+00:00,not_supported,not_supported,true,true,2019-01-10T09:30:00+00:00",
    );
    expect(parseCredentialReport(withRootKey)[0]).toMatchObject({
      principal: "<root_account>",
      status: "active",
    });
  });

  it("rejects a report without the documented columns, naming them", () => {
    expect(() =>
      parseCredentialReport("user,arn\nbob,arn:aws:iam::123456789012:user/bob\n"),
    ).toThrow(
      expect.objectContaining({
        code: "ERR_CLOUD_API",
        message: expect.stringMatching(/lacks the column\(s\) access_key_1_active/),
      }),
    );
  });
});
