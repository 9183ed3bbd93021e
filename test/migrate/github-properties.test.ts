import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { planMigration } from "../../sdk/migrate";
import { workflowErrors } from "./workflow-schema";

const triggers = fc.constantFrom(
  "on:\n  push:\n    branches: [main]\n",
  "on:\n  push:\n    tags: ['v*']\n  workflow_dispatch:\n",
  "on: [push, pull_request]\n",
  "on:\n  schedule:\n    - cron: '0 1 * * *'\n",
);
const workflowPermissions = fc.constantFrom("", "permissions:\n  contents: read\n");
const jobPermissions = fc.constantFrom("", "    permissions:\n      contents: read\n");
const environment = fc.constantFrom("", "    environment: production\n");
const login = fc.constantFrom(
  [
    "      - uses: aws-actions/configure-aws-credentials@v4",
    "        with:",
    "          aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}",
    "          aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}",
    "          aws-region: eu-west-1",
  ].join("\n"),
  "      - uses: google-github-actions/auth@v2\n        with:\n          credentials_json: ${{ secrets.GCP_SA_KEY }}",
  "      - uses: azure/login@v2\n        with:\n          creds: ${{ secrets.AZURE_CREDENTIALS }}",
  "      - run: aws s3 ls\n        env:\n          AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }}\n          AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}",
  "      - run: |\n          az login --service-principal -u x -p ${{ secrets.AZURE_CLIENT_SECRET }} --tenant t\n          az group list",
  "      - run: terraform plan\n        env:\n          ARM_CLIENT_SECRET: ${{ secrets.ARM_CLIENT_SECRET }}\n          ARM_CLIENT_ID: id",
);
const comment = fc.constantFrom("", "      # deploy step\n");

const workflow = fc
  .tuple(
    triggers,
    workflowPermissions,
    jobPermissions,
    environment,
    fc.array(login, { minLength: 1, maxLength: 3 }),
    comment,
  )
  .map(
    ([on, wfPerms, perms, env, logins, c]) =>
      `name: generated\n${on}${wfPerms}jobs:\n  deploy:\n    runs-on: ubuntu-latest\n${perms}${env}    steps:\n      - uses: actions/checkout@v4\n${c}${logins.join("\n")}\n`,
  );

describe("planMigration on generated GitHub workflows", () => {
  it("writes valid workflows without static keys that a second run leaves alone", async () => {
    await fc.assert(
      fc.asyncProperty(workflow, async (text) => {
        const file = ".github/workflows/generated.yml";
        const plan = await planMigration([{ file, text, ci: "github" }], {
          repository: "acme/api",
        });
        const [rewrite] = plan.rewrites;
        expect(plan.findings.length).toBeGreaterThan(0);
        expect(rewrite?.changed).toBe(true);
        const after = rewrite?.after ?? "";
        expect(workflowErrors(file, after)).toEqual([]);
        expect(after).not.toMatch(
          /secrets\.(AWS_SECRET_ACCESS_KEY|GCP_SA_KEY|AZURE_CREDENTIALS|AZURE_CLIENT_SECRET|ARM_CLIENT_SECRET)/,
        );
        expect(after).toContain("id-token: write");
        if (text.includes("# deploy step")) expect(after).toContain("# deploy step");
        const again = await planMigration([{ file, text: after, ci: "github" }], {
          repository: "acme/api",
        });
        expect(again.findings).toEqual([]);
        expect(again.rewrites[0]?.changed).toBe(false);
      }),
      { numRuns: 150 },
    );
  });
});
