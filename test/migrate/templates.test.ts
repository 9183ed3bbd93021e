import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const templates = join(__dirname, "..", "..", "examples", "templates");

describe.each([
  ["github-aws", "FederatedRole", "@pulumi/aws"],
  ["github-gcp", "GcpFederatedServiceAccount", "@pulumi/gcp"],
  ["gitlab-aws", "FederatedRole", "@pulumi/aws"],
])("template %s", (name, component, provider) => {
  const read = (file: string) => readFileSync(join(templates, name, file), "utf8");

  it("is a pulumi new template with a config section and a TypeScript runtime", () => {
    const project = parse(read("Pulumi.yaml"));
    expect(project.name).toBe("${PROJECT}");
    expect(project.runtime).toEqual({ name: "nodejs", options: { typescript: true } });
    expect(Object.keys(project.template.config).length).toBeGreaterThan(2);
    for (const entry of Object.values(project.template.config) as Array<{ description?: string }>) {
      expect(entry.description).toBeTruthy();
    }
  });

  it(`declares its identity with ${component} from "keyless"`, () => {
    expect(read("index.ts")).toContain(`import { ${component} } from "keyless";`);
    const pkg = JSON.parse(read("package.json"));
    expect(Object.keys(pkg.dependencies).sort()).toEqual(
      [provider, "@pulumi/pulumi", "keyless"].sort(),
    );
  });

  it("has a README with the steps", () => {
    expect(read("README.md")).toMatch(/## Steps[\s\S]*pulumi up[\s\S]*keyless migrate/);
  });
});
