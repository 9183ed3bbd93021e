import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { renderAzureCredentials } from "../../sdk/azure";
import { declareTrust, matchesPattern, type TrustArgs } from "../../sdk/trust";

const name = fc.stringMatching(/^[a-z][a-z0-9]{0,5}(?:-[a-z0-9]{1,5})?$/);

const trustArb: fc.Arbitrary<TrustArgs> = fc.oneof(
  fc.record({
    github: fc.record({
      repository: fc.tuple(name, name).map(([o, r]) => `${o}/${r}`),
      environment: name,
    }),
  }),
  fc.record({
    github: fc.record({
      repository: fc.tuple(name, name).map(([o, r]) => `${o}/${r}`),
      branch: fc.tuple(name, fc.constantFrom("", "/", "-")).map(([b, s]) => `${b}${s}x`),
    }),
  }),
  fc.record({
    gitlab: fc.record({
      project: fc.tuple(name, name).map(([g, p]) => `${g}/${p}`),
      branch: name,
    }),
  }),
  fc.record({
    kubernetes: fc.record({
      issuerUrl: name.map((n) => `https://${n}.k8s.acme.example`),
      namespace: name,
      serviceAccount: name,
    }),
  }),
);

/** A token's `iss` and `sub`, as Azure compares them. */
type Token = { iss: string; sub: string };

describe("renderAzureCredentials agrees with the trust model", () => {
  it("admits exactly the tokens the declaration admits, for declarations Azure can enforce", () => {
    fc.assert(
      fc.property(
        fc.array(trustArb, { minLength: 1, maxLength: 5 }),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom("same", "upper", "suffix", "prefix")), {
          minLength: 1,
          maxLength: 10,
        }),
        (trust, picks) => {
          const { subjects } = declareTrust(trust);
          const { credentials } = renderAzureCredentials(subjects);
          const forms = subjects.flatMap((s) =>
            s.sub.map((p) => ({
              iss: s.issuer.url,
              sub: p.parts.map((x) => (x.kind === "literal" ? x.text : "")).join(""),
            })),
          );
          const tokens: Token[] = picks.map(([i, change]) => {
            const base = forms[i % forms.length] as Token;
            const sub =
              change === "upper"
                ? base.sub.toUpperCase()
                : change === "suffix"
                  ? `${base.sub}x`
                  : change === "prefix"
                    ? `x${base.sub}`
                    : base.sub;
            return { iss: base.iss, sub };
          });
          for (const token of tokens) {
            const azure = credentials.some(
              (c) => c.kind === "exact" && c.issuer === token.iss && c.subject === token.sub,
            );
            const model = subjects.some(
              (s) => s.issuer.url === token.iss && s.sub.some((p) => matchesPattern(p, token.sub)),
            );
            expect(azure).toBe(model);
          }
        },
      ),
    );
  });
});
