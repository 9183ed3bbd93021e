import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { credentialName, isValidCredentialName } from "../../sdk/azure";

const github = "https://token.actions.githubusercontent.com";

describe("credentialName", () => {
  it.each([
    ["repo:acme/api:environment:production", /^repo-acme-api-environment-production-[0-9a-f]{8}$/],
    ["repo:acme/api:ref:refs/tags/v*", /^repo-acme-api-ref-refs-tags-v-any-[0-9a-f]{8}$/],
    [
      "system:serviceaccount:payments:reader",
      /^system-serviceaccount-payments-reader-[0-9a-f]{8}$/,
    ],
    ["::", /^c-[0-9a-f]{8}$/],
  ])("reads %s as %s", (sub, expected) => {
    expect(credentialName(github, sub)).toMatch(expected);
  });

  it("tells apart subjects whose readable parts collide", () => {
    expect(credentialName(github, "repo:acme/api:ref:refs/heads/release/x")).not.toBe(
      credentialName(github, "repo:acme/api:ref:refs/heads/release-x"),
    );
  });

  it("tells apart one subject on two issuers", () => {
    const sub = "system:serviceaccount:payments:reader";
    expect(credentialName("https://a.example", sub)).not.toBe(
      credentialName("https://b.example", sub),
    );
  });

  it("is the same for the same issuer and subject", () => {
    expect(credentialName(github, "repo:acme/api:pull_request")).toBe(
      credentialName(github, "repo:acme/api:pull_request"),
    );
  });

  it("always gives a name Azure accepts, whatever the subject", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 600 }),
        fc.option(fc.constantFrom("flex")),
        (sub, prefix) => {
          const name = credentialName(github, sub, sub, prefix ?? undefined);
          expect(isValidCredentialName(name)).toBe(true);
        },
      ),
    );
  });
});

describe("isValidCredentialName", () => {
  it.each([
    ["abc", true],
    ["ab", false],
    ["a".repeat(120), true],
    ["a".repeat(121), false],
    ["-abc", false],
    ["_abc", false],
    ["9a_b-c", true],
    ["a.b", false],
  ])("%s is valid: %s", (name, valid) => {
    expect(isValidCredentialName(name)).toBe(valid);
  });
});
