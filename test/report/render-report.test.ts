import { describe, expect, it } from "vitest";
import type { IdentityManifest } from "../../sdk/manifest";
import { buildReportModel, renderReportHtml, renderReportMarkdown } from "../../sdk/report";
import { fixtureManifests } from "./manifests";

const hostile = "<script>alert(1)</script>";
const manifests: IdentityManifest[] = fixtureManifests().map((m, i) =>
  i === 0
    ? {
        ...m,
        identity: `api-deploy${hostile}`,
        warnings: [`Fix: <img src=x onerror=alert(2)> & "quotes" | pipes`],
      }
    : m,
);

describe("renderReportHtml", () => {
  const html = renderReportHtml(buildReportModel(manifests));

  it("escapes every text it shows", () => {
    expect(html).not.toContain(hostile);
    expect(html).not.toContain("<img");
    expect(html).toContain("api-deploy&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&lt;img src=x onerror=alert(2)&gt; &amp; &quot;quotes&quot;");
  });

  it("is self-contained: no script, no link, no external reference", () => {
    const html = renderReportHtml(buildReportModel(fixtureManifests()));
    expect(html).not.toMatch(/<script|<link|<iframe|<img|src=|@import|url\(http/i);
    // The only references are to the SVG's own marker.
    expect(html).not.toMatch(/(href|src)=/);
    expect(new Set(html.match(/url\([^)]*\)/g))).toEqual(new Set(["url(#arrow)"]));
    expect(html).toContain(
      `content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`,
    );
  });

  it("draws one SVG group per node and one path per edge", () => {
    const model = buildReportModel(manifests);
    expect(html.match(/<g class="node /g)).toHaveLength(model.nodes.length);
    expect(html.match(/<path class="edge"/g)).toHaveLength(model.edges.length);
  });
});

describe("renderReportMarkdown", () => {
  const markdown = renderReportMarkdown(buildReportModel(manifests));

  it("escapes HTML and table pipes", () => {
    expect(markdown).not.toContain(hostile);
    expect(markdown).not.toContain("<img");
    expect(markdown).toContain("\\| pipes");
    expect(markdown).toContain("api-deploy&lt;script&gt;alert(1)&lt;/script&gt;");
    // Entities stay whole: a quote is left as it is, never written as a broken `&\\#39;`.
    expect(markdown).not.toMatch(/&\\#/);
  });

  it("has the matrix, TTLs, findings and warnings", () => {
    expect(markdown).toMatch(/^## Trust matrix$/m);
    expect(markdown).toMatch(
      /^\| AWS \| web-deploy \| 30m \| 1h \(the role's MaxSessionDuration\) \|$/m,
    );
    expect(markdown).toMatch(
      /^\| Azure \| .* \| 1h30m \(Entra decides; the runtime enforces a shorter TTL\) \|$/m,
    );
    expect(markdown).toMatch(/^\| medium \| aws-github-name-only \|/m);
    expect(markdown).toMatch(/^- platform-deployer: trust\.gitlab\.ref: AWS cannot check/m);
  });
});
