import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { KeyRetirement } from "../../provider/keys";

interface Recorded {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
}

const recorded: Recorded[] = [];

pulumi.runtime.setMocks(
  {
    newResource: (args) => {
      recorded.push({ type: args.type, name: args.name, inputs: args.inputs });
      return { id: `${args.name}-id`, state: { ...args.inputs, stage: "deactivated" } };
    },
    call: (args) => args.inputs,
  },
  "keys",
  "test",
  true,
);

const output = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));

describe("KeyRetirement", () => {
  it("registers a dynamic resource carrying the key, the policy and a serialized provider", async () => {
    const retirement = new KeyRetirement("ci-deploy-key", {
      key: { kind: "aws", userName: "ci-deploy", accessKeyId: "AKIAIOSFODNN7EXAMPLE" },
      soakDays: 14,
      idleDays: 30,
      replacement: pulumi.output("arn:aws:iam::123456789012:role/ci-deploy"),
    });
    expect(await output(retirement.stage)).toBe("deactivated");
    const [resource] = recorded;
    expect(resource?.type).toBe("pulumi-nodejs:dynamic/keyless:KeyRetirement");
    expect(resource?.inputs).toMatchObject({
      key: { kind: "aws", userName: "ci-deploy", accessKeyId: "AKIAIOSFODNN7EXAMPLE" },
      soakDays: 14,
      idleDays: 30,
      replacement: "arn:aws:iam::123456789012:role/ci-deploy",
    });
    expect(typeof resource?.inputs.__provider).toBe("string");
    expect(resource?.inputs.__provider).toContain("key-retirement-provider");
  });
});
