import { describe, expect, it } from "vitest";
import * as keyless from "../../sdk";
import { cloudComponents, printDeclaration } from "../../sdk/migrate";

// The declarations migrate prints are pasted into programs: the components they name must exist.
describe("cloudComponents", () => {
  it.each(Object.entries(cloudComponents))(
    "names a component the SDK exports for %s",
    (cloud, { component }) => {
      expect(typeof (keyless as Record<string, unknown>)[component], `${cloud}: ${component}`).toBe(
        "function",
      );
      const printed = printDeclaration({
        name: `api-${cloud}`,
        cloud: cloud as keyof typeof cloudComponents,
        trust: [{ github: { repository: "acme/api", branch: "main" } }],
      });
      expect(printed).toContain(`new ${component}("api-${cloud}", {`);
    },
  );
});
