import { describe, expect, it } from "vitest";
import { maxTtl } from "../../../provider/policy/max-ttl";
import { validate } from "./harness";

const config = { maxTtl: { production: "1h", default: "12h" } };

function role(maxSessionDuration: number | undefined, stack = "production") {
  return {
    type: "aws:iam/role:Role",
    name: "deployer",
    stack,
    props: maxSessionDuration === undefined ? {} : { maxSessionDuration },
  };
}

function identity(ttl: string, stack = "production") {
  return {
    type: "keyless:index:AzureFederatedIdentity",
    name: "api-deploy",
    stack,
    props: { ttl },
  };
}

describe("keyless-max-ttl", () => {
  it.each([
    ["a role at the production maximum", role(3600), 0],
    ["a role one minute over it", role(3660), 1],
    ["a role that leaves maxSessionDuration to AWS (1h)", role(undefined), 0],
    ["a Keyless component at the maximum", identity("1h"), 0],
    ["a Keyless component one minute over it", identity("61m"), 1],
    ["a 12h role in a stack that falls back to default", role(43200, "dev"), 0],
    ["a 12h component in a stack that falls back to default", identity("12h", "dev"), 0],
  ])("in %s reports %i violation(s)", async (_title, resource, count) => {
    expect(await validate(maxTtl, resource, config)).toHaveLength(count);
  });

  it("names the resource, the rule, the limit and the environment", async () => {
    const [violation] = await validate(maxTtl, role(7200), config);

    expect(violation?.message).toBe(
      'deployer (aws:iam/role:Role) breaks keyless-max-ttl: its maxSessionDuration allows sessions of 2h, longer than the 1h allowed in "production" (maxTtl.production). ' +
        "A stolen session stays usable for its whole lifetime, so the longest one is the exposure. " +
        "Set maxSessionDuration to 1h or less, or declare the role with Keyless's FederatedRole (or Identity with an aws grant) and its ttl.",
    );
  });

  it("takes the environment from configuration over the stack's name", async () => {
    const resource = identity("2h", "eu-west-prod");
    expect(await validate(maxTtl, resource, config)).toEqual([]);
    expect(await validate(maxTtl, resource, { ...config, environment: "production" })).toHaveLength(
      1,
    );
  });

  it("applies a 12h maximum when nothing is configured", async () => {
    expect(await validate(maxTtl, role(43200))).toEqual([]);
    expect(await validate(maxTtl, identity("12h1s"))).toHaveLength(1);
  });

  it("says which configuration value it cannot read", async () => {
    const [violation] = await validate(maxTtl, role(3600), { maxTtl: { production: "1 day" } });
    expect(violation?.message).toMatch(
      /^keyless-max-ttl's configuration is unusable: maxTtl.production is "1 day"\. A duration is/,
    );
  });
});
