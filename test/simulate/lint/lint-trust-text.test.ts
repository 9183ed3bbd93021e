import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  lintRules,
  renderRuleTable,
  lintTrustText,
  type Severity,
  UnreadableDocumentError,
} from "../../../sdk/simulate/lint";

const fixtures = join(__dirname, "../../fixtures/lint");
const read = (name: string) => readFileSync(join(fixtures, name), "utf8");
const summary = (name: string) =>
  lintTrustText(read(name)).findings.map((f) => [f.rule, f.severity, f.path]);

const GH = "token.actions.githubusercontent.com";
const EKS = "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE0123456789ABCDEF";

describe("lintTrustText", () => {
  it.each<[string, Array<[string, Severity, string]>]>([
    [
      "aws-no-subject-condition.json",
      [["aws-no-subject-condition", "critical", "$.Statement[0].Condition"]],
    ],
    [
      "aws-no-subject-condition-eks.json",
      [["aws-no-subject-condition", "high", "$.Statement[0].Condition"]],
    ],
    [
      "aws-wildcard-crosses-boundary.json",
      [
        [
          "aws-wildcard-crosses-boundary",
          "high",
          `$.Statement[0].Condition.StringLike["${GH}:sub"]`,
        ],
      ],
    ],
    [
      "aws-wildcard-crosses-boundary-owner.json",
      [
        [
          "aws-wildcard-crosses-boundary",
          "critical",
          `$.Statement[0].Condition.StringLike["${GH}:sub"]`,
        ],
        ["aws-github-name-only", "medium", `$.Statement[0].Condition.StringLike["${GH}:sub"]`],
      ],
    ],
    [
      "aws-wildcard-crosses-boundary-gitlab.json",
      [
        [
          "aws-wildcard-crosses-boundary",
          "high",
          '$.Statement[0].Condition.StringLike["gitlab.com:sub"]',
        ],
      ],
    ],
    [
      "aws-wildcard-crosses-boundary-namespace.json",
      [
        [
          "aws-wildcard-crosses-boundary",
          "high",
          `$.Statement[0].Condition.StringLike["${EKS}:sub"]`,
        ],
      ],
    ],
    [
      "aws-for-all-values-allow.json",
      [
        [
          "aws-for-all-values-allow",
          "high",
          `$.Statement[0].Condition["ForAllValues:StringEquals"]["${GH}:sub"]`,
        ],
      ],
    ],
    [
      "aws-wildcard-under-string-equals.json",
      [
        [
          "aws-wildcard-under-string-equals",
          "medium",
          `$.Statement[0].Condition.StringEquals["${GH}:sub"]`,
        ],
      ],
    ],
    [
      "aws-no-audience-condition.json",
      [["aws-no-audience-condition", "medium", "$.Statement[0].Condition"]],
    ],
    [
      "aws-federated-wrong-action.json",
      [["aws-federated-wrong-action", "medium", "$.Statement[0].Action"]],
    ],
    [
      "aws-federated-wrong-action-wildcard.json",
      [["aws-federated-wrong-action", "medium", "$.Statement[0].Action"]],
    ],
    [
      "aws-pull-request-subject.json",
      [["aws-pull-request-subject", "high", `$.Statement[0].Condition.StringEquals["${GH}:sub"]`]],
    ],
    [
      "aws-pull-request-subject-wildcard.json",
      [["aws-pull-request-subject", "medium", `$.Statement[0].Condition.StringLike["${GH}:sub"]`]],
    ],
    [
      "aws-invisible-claim.json",
      [
        [
          "aws-invisible-claim",
          "high",
          '$.Statement[0].Condition.StringNotEquals["gitlab.com:ref_protected"]',
        ],
      ],
    ],
    [
      "aws-github-name-only.json",
      [["aws-github-name-only", "medium", `$.Statement[0].Condition.StringEquals["${GH}:sub"]`]],
    ],
    [
      "aws-get-role-response.json",
      [
        [
          "aws-no-subject-condition",
          "critical",
          "$.Role.AssumeRolePolicyDocument.Statement[0].Condition",
        ],
      ],
    ],
    ["aws-url-encoded.txt", [["aws-no-subject-condition", "critical", "$.Statement[0].Condition"]]],
    [
      "aws-get-role-cli-output.json",
      [
        [
          "aws-pull-request-subject",
          "high",
          `$.Role.AssumeRolePolicyDocument.Statement[0].Condition.StringEquals["${GH}:sub"]`,
        ],
      ],
    ],
    ["aws-clean.json", []],
    ["aws-any-principal.json", [["aws-any-principal", "critical", "$.Statement[0].Principal"]]],
    ["aws-any-principal-aws.json", [["aws-any-principal", "high", "$.Statement[0].Principal"]]],
    [
      "gcp-no-attribute-condition.json",
      [["gcp-no-attribute-condition", "critical", "$.attributeCondition"]],
    ],
    [
      "gcp-no-attribute-condition-gke.json",
      [["gcp-no-attribute-condition", "high", "$.attributeCondition"]],
    ],
    ["gcp-github-name-only.json", [["gcp-github-name-only", "medium", "$.attributeCondition"]]],
    [
      "gcp-condition-admits-outsiders.json",
      [["gcp-condition-admits-outsiders", "high", "$.attributeCondition"]],
    ],
    [
      "gcp-whole-pool-binding.json",
      [["gcp-whole-pool-binding", "high", "$.bindings[0].members[1]"]],
    ],
    [
      "gcp-list-providers.json",
      [
        [
          "gcp-no-attribute-condition",
          "critical",
          "$.workloadIdentityPoolProviders[1].attributeCondition",
        ],
      ],
    ],
    ["gcp-clean.json", []],
    ["azure-issuer-not-exact.json", [["azure-issuer-not-exact", "medium", "$.properties.issuer"]]],
    // AKS issuers end with a slash and their tokens carry it: exact, not a finding.
    ["azure-aks-issuer.json", []],
    [
      "azure-issuer-not-exact-whitespace.json",
      [["azure-issuer-not-exact", "medium", "$.properties.issuer"]],
    ],
    ["azure-subject-wildcard.json", [["azure-subject-wildcard", "medium", "$.properties.subject"]]],
    [
      "azure-pull-request-subject.json",
      [["azure-pull-request-subject", "high", "$.properties.subject"]],
    ],
    ["azure-github-name-only.json", [["azure-github-name-only", "medium", "$.properties.subject"]]],
    [
      "azure-wildcard-crosses-boundary.json",
      [
        ["azure-wildcard-crosses-boundary", "high", "$.value[0].claimsMatchingExpression"],
        ["azure-github-name-only", "medium", "$.value[0].claimsMatchingExpression"],
      ],
    ],
    ["azure-credential-budget-at.json", [["azure-credential-budget", "medium", "$.value"]]],
    ["azure-credential-budget-near.json", [["azure-credential-budget", "low", "$.value"]]],
    ["azure-credential-budget-under.json", []],
    ["azure-clean.json", []],
    ["azure-graph-app.json", []],
  ])("reports %s", (file, expected) => {
    expect(summary(file)).toEqual(expected);
  });

  it("flags a GitHub trust with an aud condition and no sub as critical, naming the issuer", () => {
    const [finding] = lintTrustText(read("aws-no-subject-condition.json")).findings;
    expect(finding?.severity).toBe("critical");
    expect(finding?.message).toContain(`${GH}, an issuer shared by everyone`);
    expect(finding?.fix).toContain(`"${GH}:sub"`);
  });

  it.each([
    ["aws-get-role-response.json", ["aws-trust-policy"]],
    ["aws-url-encoded.txt", ["aws-trust-policy"]],
    ["gcp-list-providers.json", ["gcp-provider", "gcp-provider"]],
    ["gcp-whole-pool-binding.json", ["gcp-iam-policy"]],
    ["azure-graph-app.json", ["azure-credentials"]],
    ["azure-clean.json", ["azure-credentials"]],
  ])("detects the kind of %s", (file, kinds) => {
    expect(lintTrustText(read(file)).documents).toEqual(kinds);
  });

  it.each([
    [
      "not-a-trust-document.json",
      /\$ is not a trust document Keyless reads: expected an AWS trust policy/,
    ],
    ["not-json.txt", /the file is not JSON .*expected an AWS trust policy/],
  ])("refuses %s, saying what it expected", (file, message) => {
    expect(() => lintTrustText(read(file))).toThrow(UnreadableDocumentError);
    expect(() => lintTrustText(read(file))).toThrow(
      expect.objectContaining({ code: "ERR_INPUT_UNUSABLE" }),
    );
    expect(() => lintTrustText(read(file))).toThrow(message);
  });

  it.each(["true", "(true)", " true "])("treats the constant condition %j as none", (condition) => {
    const provider = JSON.parse(read("gcp-clean.json")) as Record<string, unknown>;
    provider["attributeCondition"] = condition;
    expect(lintTrustText(JSON.stringify(provider)).findings.map((f) => f.rule)).toEqual([
      "gcp-no-attribute-condition",
    ]);
  });

  it("refuses URL-encoded text that does not decode to JSON", () => {
    expect(() => lintTrustText("%7Bnot%20json")).toThrow(/looks URL-encoded but does not decode/);
  });

  it("reads a list that mixes clouds, with each document's path", () => {
    const mixed = `[${read("aws-no-subject-condition.json")}, ${read("gcp-no-attribute-condition.json")}]`;
    const result = lintTrustText(mixed);
    expect(result.documents).toEqual(["aws-trust-policy", "gcp-provider"]);
    expect(result.findings.map((f) => f.path)).toEqual([
      "$[0].Statement[0].Condition",
      "$[1].attributeCondition",
    ]);
  });

  it("ignores Deny statements and statements without a federated principal", () => {
    const policy = {
      Statement: [
        {
          Effect: "Deny",
          Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${GH}` },
          Action: "sts:AssumeRoleWithWebIdentity",
        },
        { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
      ],
    };
    expect(lintTrustText(JSON.stringify(policy)).findings).toEqual([]);
  });

  it("rates a missing sub as high on a GitHub Enterprise issuer, which signs for one enterprise", () => {
    const text = read("aws-no-subject-condition.json").replaceAll(GH, `${GH}/acme`);
    expect(lintTrustText(text).findings.map((f) => [f.rule, f.severity])).toEqual([
      ["aws-no-subject-condition", "high"],
    ]);
  });

  it("treats an audience of only * as no audience condition", () => {
    const policy = JSON.parse(read("aws-clean.json")) as {
      Statement: Array<{ Condition: Record<string, Record<string, unknown>> }>;
    };
    const condition = policy.Statement[0]!.Condition;
    delete condition["StringEquals"]![`${GH}:aud`];
    condition["StringLike"] = { [`${GH}:aud`]: "*" };
    expect(lintTrustText(JSON.stringify(policy)).findings.map((f) => f.rule)).toEqual([
      "aws-no-audience-condition",
    ]);
  });

  it("reads keys case-insensitively, as STS does", () => {
    const policy = JSON.parse(read("aws-clean.json")) as {
      Statement: Array<{ Condition: object }>;
    };
    const upper = JSON.stringify(policy).replaceAll(`${GH}:`, `${GH.toUpperCase()}:`);
    expect(lintTrustText(upper).findings).toEqual([]);
  });
});

describe("lintRules", () => {
  it("has a fixture that triggers every rule", () => {
    const triggered = new Set(
      readdirSync(fixtures)
        .filter((f) => !f.startsWith("not-"))
        .flatMap((f) => lintTrustText(read(f)).findings.map((x) => x.rule)),
    );
    expect(lintRules.map((r) => r.id).filter((id) => !triggered.has(id))).toEqual([]);
  });

  it("documents every rule with an OWASP NHI 2025 risk and a NIST CSF 2.0 outcome", () => {
    for (const rule of lintRules) {
      expect(rule.owasp.id).toMatch(/^NHI(10|[1-9]):2025$/);
      expect(rule.nist.id).toMatch(/^(GV|ID|PR|DE|RS|RC)\.[A-Z]{2}-\d{2}$/);
      expect(rule.id.startsWith(`${rule.cloud}-`)).toBe(true);
      expect(rule.severities[0]).toBe(rule.severity);
    }
    expect(new Set(lintRules.map((r) => r.id)).size).toBe(lintRules.length);
  });
});

describe("renderRuleTable", () => {
  // Prettier pads Markdown tables; compare cell by cell.
  const cells = (table: string) =>
    table
      .trim()
      .split("\n")
      .map((line) =>
        /^\|[\s|-]+\|$/.test(line)
          ? "separator"
          : line
              .split(/(?<!\\)\|/)
              .map((c) => c.trim())
              .join("|"),
      );

  it("is the table the docs show", () => {
    const docs = readFileSync(join(__dirname, "../../../docs/lint.md"), "utf8");
    const table = /<!-- rule-table:start -->([\s\S]*?)<!-- rule-table:end -->/.exec(docs)?.[1];
    expect(cells(table ?? "")).toEqual(cells(renderRuleTable()));
  });
});
