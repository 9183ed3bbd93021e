import { describe, expect, it } from "vitest";
import { TrustValidationError } from "../../sdk/errors";
import { declareTrust, type TrustArgs } from "../../sdk/trust";

function problemsOf(trust: unknown) {
  try {
    declareTrust(trust as TrustArgs);
  } catch (err) {
    if (err instanceof TrustValidationError) return err.problems;
    throw err;
  }
  return [];
}

// A misspelt restriction must never be dropped silently: the trust would be wider than declared.
describe("declareTrust (properties it does not know)", () => {
  it.each<[unknown, string, string]>([
    [
      { gitlab: { project: "acme/api", branch: "main", protectedonly: true } },
      "trust.gitlab.protectedonly",
      "Did you mean protectedOnly?",
    ],
    [
      { github: { repository: "acme/api", enviroment: "production" } },
      "trust.github.enviroment",
      "Did you mean environment?",
    ],
    [{ githb: { repository: "acme/api", branch: "main" } }, "trust.githb", "Did you mean github?"],
    [
      {
        pulumiCloud: {
          organization: "acme",
          deployment: { project: "p", stack: "s", operaton: "update" },
        },
      },
      "trust.pulumiCloud.deployment.operaton",
      "Did you mean operation?",
    ],
    [
      {
        kubernetes: {
          issuerUrl: "https://oidc.eks.eu-west-1.amazonaws.com/id/X",
          namespace: "a",
          serviceAccount: "b",
          audience: "x",
        },
      },
      "trust.kubernetes.audience",
      "Use one of issuerUrl, namespace, serviceAccount, dangerouslyAllowWildcards.",
    ],
  ])("refuses %j, naming the property and the likely fix", (trust, path, fix) => {
    const problem = problemsOf(trust).find((p) => p.path === path);
    expect(problem?.rule).toMatch(/is not a property of this declaration, so whatever it meant to restrict or grant would be silently missing/);
    expect(problem?.fix).toBe(fix);
  });

  it("refuses an issuer entry that is not an object", () => {
    expect(problemsOf({ github: "acme/api" })).toMatchObject([
      { path: "trust.github", rule: "A declaration here is an object." },
    ]);
  });
});
