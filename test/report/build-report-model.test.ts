import { describe, expect, it } from "vitest";
import { KeylessError } from "../../sdk/errors";
import { buildReportModel, readManifests } from "../../sdk/report";
import { fixtureManifests } from "./manifests";

describe("buildReportModel", () => {
  const model = buildReportModel(fixtureManifests());

  it("links issuers to subjects, subjects to identities and identities to cloud roles", () => {
    const label = (id: string) => model.nodes.find((n) => n.id === id)?.label;
    const edges = model.edges.map((e) => `${label(e.from)} -> ${label(e.to)}`);
    expect(edges).toEqual([
      "https://token.actions.githubusercontent.com -> GitHub acme/api, environment production",
      "GitHub acme/api, environment production -> api-deploy",
      "api-deploy -> arn:aws:iam::123456789012:role/api-deploy",
      "api-deploy -> api-deploy@acme-prod.iam.gserviceaccount.com",
      "api-deploy -> 00000000-0000-0000-0000-00000000c001",
      "https://token.actions.githubusercontent.com -> GitHub acme/web, branch main",
      "GitHub acme/web, branch main -> web-deploy",
      "web-deploy -> arn:aws:iam::123456789012:role/web-deploy",
      "https://gitlab.com -> GitLab acme/platform/deployer, protected branch main",
      "GitLab acme/platform/deployer, protected branch main -> platform-deployer",
      "platform-deployer -> arn:aws:iam::123456789012:role/platform-deployer",
      "https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789ABCDEF -> Kubernetes payments/reader",
      "Kubernetes payments/reader -> payments-reader",
      "payments-reader -> arn:aws:iam::123456789012:role/payments-reader",
    ]);
    expect(model.nodes.filter((n) => n.kind === "issuer")).toHaveLength(3);
  });

  it("fills the matrix per identity and cloud, with each cloud's TTL", () => {
    expect(
      model.matrix.map((r) => [
        r.identity,
        r.cells.aws?.ttlSeconds,
        r.cells.gcp?.ttlSeconds,
        r.cells.azure?.ttlSeconds,
      ]),
    ).toEqual([
      ["api-deploy", 3600, 3600, 3600],
      ["payments-reader", 3600, undefined, undefined],
      ["platform-deployer", 3600, undefined, undefined],
      ["web-deploy", 1800, undefined, undefined],
    ]);
  });

  it("lints every rendered document and keeps every warning", () => {
    expect(model.findings.map((f) => [f.identity, f.cloud, f.finding.rule])).toEqual([
      ["web-deploy", "aws", "aws-github-name-only"],
    ]);
    expect(model.warnings.map((w) => w.identity)).toEqual(["platform-deployer", "web-deploy"]);
  });
});

describe("readManifests", () => {
  const [one] = fixtureManifests();

  it.each([
    ["one manifest", one, 1],
    ["a list", [one, one], 2],
    ["{ manifests }", { manifests: [one] }, 1],
  ])("reads %s", (_, json, count) => {
    expect(readManifests(json, "m.json")).toHaveLength(count);
  });

  it.each([
    [
      { manifests: [{ version: 1 }] },
      'm.json manifests[0] is not an identity manifest: it needs a string "identity".',
    ],
    [
      [one, { ...one, version: 2 }],
      "m.json[1] (api-deploy) has manifest version 2; this Keyless reads version 1.",
    ],
  ])("refuses %j, naming where", (json, message) => {
    expect(() => readManifests(json, "m.json")).toThrow(message);
    try {
      readManifests(json, "m.json");
    } catch (error) {
      expect((error as KeylessError).code).toBe("ERR_INPUT_UNUSABLE");
    }
  });
});
