import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  lintTrustText,
  subjectBoundaryCrossing,
  UnreadableDocumentError,
} from "../../../sdk/simulate/lint";

const GH = "token.actions.githubusercontent.com";
const segment = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,11}$/);
const wildcard = fc.constantFrom("*", "?");
const refTail = fc.constantFrom(
  ":ref:refs/heads/main",
  ":ref:refs/heads/release/*",
  ":environment:production",
  ":ref:refs/tags/v*",
  ":*",
  "",
);

describe("subjectBoundaryCrossing (properties)", () => {
  it("never flags a GitHub pattern whose owner and repository are literal", () => {
    fc.assert(
      fc.property(segment, segment, refTail, (owner, repo, tail) => {
        expect(subjectBoundaryCrossing("github", `repo:${owner}/${repo}${tail}`)).toBeUndefined();
      }),
    );
  });

  it("flags a wildcard anywhere in the owner as crossing the outermost boundary", () => {
    fc.assert(
      fc.property(segment, fc.nat(12), wildcard, segment, refTail, (owner, at, w, repo, tail) => {
        const i = at % (owner.length + 1);
        const pattern = `repo:${owner.slice(0, i)}${w}${owner.slice(i)}/${repo}${tail}`;
        expect(subjectBoundaryCrossing("github", pattern)).toEqual({
          boundary: "owner",
          outermost: true,
        });
      }),
    );
  });

  it("flags a wildcard anywhere in a Kubernetes namespace or service account", () => {
    fc.assert(
      fc.property(segment, segment, wildcard, fc.boolean(), (ns, sa, w, inNamespace) => {
        const pattern = inNamespace
          ? `system:serviceaccount:${ns}${w}:${sa}`
          : `system:serviceaccount:${ns}:${w}${sa}`;
        expect(subjectBoundaryCrossing("kubernetes", pattern)?.boundary).toBe(
          inNamespace ? "namespace" : "service account",
        );
      }),
    );
  });
});

describe("lintTrustText (properties)", () => {
  it("reads any JSON with a Statement without throwing anything but a usable-input error", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (statement, condition) => {
        const policy = {
          Statement: [
            statement,
            {
              Effect: "Allow",
              Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${GH}` },
              Action: "sts:AssumeRoleWithWebIdentity",
              Condition: condition,
            },
          ],
        };
        try {
          const { findings } = lintTrustText(JSON.stringify(policy));
          for (const f of findings) expect(f.path.startsWith("$.Statement[")).toBe(true);
        } catch (error) {
          expect(error).toBeInstanceOf(UnreadableDocumentError);
        }
      }),
    );
  });

  it("always reports a GitHub statement that never conditions sub as critical", () => {
    const otherKey = fc.constantFrom("aud", "ref", "environment", "actor", "workflow");
    fc.assert(
      fc.property(fc.array(fc.tuple(otherKey, segment), { maxLength: 4 }), (pairs) => {
        const equals = Object.fromEntries(pairs.map(([k, v]) => [`${GH}:${k}`, v]));
        const policy = {
          Statement: {
            Effect: "Allow",
            Principal: { Federated: `arn:aws:iam::123456789012:oidc-provider/${GH}` },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: { StringEquals: equals },
          },
        };
        const rules = lintTrustText(JSON.stringify(policy)).findings.map((f) => [
          f.rule,
          f.severity,
        ]);
        expect(rules).toContainEqual(["aws-no-subject-condition", "critical"]);
      }),
    );
  });
});
