import { describe, expect, it } from "vitest";
import { planMigration, scanCommittedKeys } from "../../sdk/migrate";

// Key-shaped values are assembled at run time so no file in the repository looks like a key.
const fakeKeyId = "AKIA" + "Z".repeat(16);
const fakeSecret = "k".repeat(20) + "Q".repeat(20);
const fakePem = ["-----BEGIN PRIVATE KEY-----", "b".repeat(64), "-----END PRIVATE KEY-----"].join(
  "\n",
);

describe("scanCommittedKeys", () => {
  it("reports an access key ID and secret by line and rule, never by value", async () => {
    const text = `# deploy\nexport AWS_ACCESS_KEY_ID=${fakeKeyId}\nexport AWS_SECRET_ACCESS_KEY=${fakeSecret}\n`;
    const found = await scanCommittedKeys("scripts/env.sh", text);
    expect(found.map((f) => [f.line, f.messageId])).toEqual([
      [2, "AWSAccessKeyID"],
      [3, "AWSSecretAccessKey"],
    ]);
    expect(JSON.stringify(found)).not.toContain(fakeKeyId);
    expect(JSON.stringify(found)).not.toContain(fakeSecret);
  });

  it("reports a service-account key file", async () => {
    const json = JSON.stringify({
      type: "service_account",
      private_key_id: "1",
      private_key: fakePem,
    });
    const found = await scanCommittedKeys("keys/deployer.json", json);
    expect(found).toMatchObject([
      { rule: "@secretlint/secretlint-rule-gcp", messageId: "PrivateKeyJSON" },
    ]);
    expect(JSON.stringify(found)).not.toContain("b".repeat(64));
  });

  it("ignores AWS's documented example key", async () => {
    expect(await scanCommittedKeys("README.md", "AKIAIOSFODNN7EXAMPLE\n")).toEqual([]);
  });

  it("is part of a migration plan", async () => {
    const plan = await planMigration([
      { file: ".env", text: `AWS_SECRET_ACCESS_KEY=${fakeSecret}\n` },
    ]);
    expect(plan.committedKeys).toMatchObject([{ file: ".env", line: 1 }]);
  });
});
