/**
 * The report's content, built from manifests and independent of how it is drawn: the trust graph
 * (issuers → subjects → identities → cloud roles), the trust matrix, the TTL per cloud, every
 * warning, and the lint findings on every rendered document.
 *
 * @module
 */
import { KeylessError } from "../errors";
import type { IdentityManifest } from "../manifest";
import { detectTrustDocuments, type LintFinding, lintTrustDocument } from "../simulate/lint";

/** The clouds a report covers, in column order. */
export const REPORT_CLOUDS = ["aws", "gcp", "azure"] as const;
/** A cloud of the report. */
export type ReportCloud = (typeof REPORT_CLOUDS)[number];

/** A node of the trust graph, by kind. */
export interface ReportNode {
  readonly id: string;
  readonly kind: "issuer" | "subject" | "identity" | "role";
  /** The text drawn in the node. */
  readonly label: string;
  /** Further lines shown under the label (the `sub` patterns, the cloud). */
  readonly detail: readonly string[];
}

/** An edge of the trust graph. */
export interface ReportEdge {
  readonly from: string;
  readonly to: string;
}

/** What one identity received in one cloud. */
export interface MatrixCell {
  /** The role ARN, service account or client ID a token is exchanged for. */
  readonly target: string;
  readonly audience: string;
  readonly ttlSeconds: number;
  /** The longest TTL the cloud allows for it, when it caps one. */
  readonly maxTtlSeconds?: number;
  /** What caps the TTL, in words: `the role's MaxSessionDuration`, `Entra decides`… */
  readonly maxTtlNote?: string;
}

/** One row of the trust matrix: an identity and its cells per cloud. */
export interface MatrixRow {
  readonly identity: string;
  readonly ttlSeconds: number;
  /** Who may act as the identity, one line per subject. */
  readonly subjects: readonly string[];
  readonly cells: Readonly<Partial<Record<ReportCloud, MatrixCell>>>;
}

/** A finding on one identity's rendered document for one cloud. */
export interface ReportFinding {
  readonly identity: string;
  readonly cloud: ReportCloud;
  readonly finding: LintFinding;
}

/** Everything a report shows. */
export interface ReportModel {
  readonly nodes: readonly ReportNode[];
  readonly edges: readonly ReportEdge[];
  readonly matrix: readonly MatrixRow[];
  readonly warnings: ReadonlyArray<{ readonly identity: string; readonly message: string }>;
  readonly findings: readonly ReportFinding[];
}

/** Builds the report's content from manifests; the manifests are not changed. */
export function buildReportModel(manifests: readonly IdentityManifest[]): ReportModel {
  const nodes = new Map<string, ReportNode>();
  const edges = new Map<string, ReportEdge>();
  const addNode = (node: ReportNode) => {
    if (!nodes.has(node.id)) nodes.set(node.id, node);
  };
  const addEdge = (from: string, to: string) => edges.set(`${from}\u0000${to}`, { from, to });

  for (const m of manifests) {
    const identityId = `identity:${m.identity}`;
    addNode({ id: identityId, kind: "identity", label: m.identity, detail: [] });
    for (const subject of m.subjects) {
      const issuerId = `issuer:${subject.issuer}`;
      const subjectId = `subject:${subject.issuer}\u0000${[...subject.sub].sort().join("\u0000")}`;
      addNode({
        id: issuerId,
        kind: "issuer",
        label: subject.issuer,
        detail: [subject.issuerKind],
      });
      addNode({ id: subjectId, kind: "subject", label: subject.description, detail: subject.sub });
      addEdge(issuerId, subjectId);
      addEdge(subjectId, identityId);
    }
    for (const [cloud, cell] of Object.entries(cellsOf(m)) as Array<[ReportCloud, MatrixCell]>) {
      const roleId = `role:${cloud}:${cell.target}`;
      addNode({ id: roleId, kind: "role", label: cell.target, detail: [cloudName(cloud)] });
      addEdge(identityId, roleId);
    }
  }

  const sorted = [...manifests].sort((a, b) => a.identity.localeCompare(b.identity));
  return Object.freeze({
    nodes: Object.freeze([...nodes.values()]),
    edges: Object.freeze([...edges.values()]),
    matrix: Object.freeze(
      sorted.map((m) => ({
        identity: m.identity,
        ttlSeconds: m.ttlSeconds,
        subjects: m.subjects.map((s) => s.description),
        cells: cellsOf(m),
      })),
    ),
    warnings: Object.freeze(
      sorted.flatMap((m) => m.warnings.map((message) => ({ identity: m.identity, message }))),
    ),
    findings: Object.freeze(sorted.flatMap(lintManifest)),
  });
}

/** `AWS`, `GCP`, `Azure`. */
export function cloudName(cloud: ReportCloud): string {
  return cloud === "azure" ? "Azure" : cloud.toUpperCase();
}

function cellsOf(m: IdentityManifest): Partial<Record<ReportCloud, MatrixCell>> {
  const cells: Partial<Record<ReportCloud, MatrixCell>> = {};
  if (m.aws) {
    cells.aws = {
      target: m.aws.roleArn,
      audience: m.aws.audience,
      ttlSeconds: m.aws.sessionDurationSeconds,
      maxTtlSeconds: m.aws.maxSessionDurationSeconds,
      maxTtlNote: "the role's MaxSessionDuration",
    };
  }
  if (m.gcp) {
    cells.gcp = {
      target: m.gcp.serviceAccountEmail ?? m.gcp.principals[0] ?? "(direct resource access)",
      audience: m.gcp.audience,
      ttlSeconds: m.gcp.lifetimeSeconds,
      // Access tokens live at most 1 h unless the organisation policy allows 12 h.
      maxTtlSeconds: m.gcp.lifetimeSeconds > 3600 ? 43_200 : 3600,
      maxTtlNote:
        m.gcp.lifetimeSeconds > 3600
          ? "with the lifetime-extension organisation policy"
          : "access token lifetime",
    };
  }
  if (m.azure) {
    cells.azure = {
      target: m.azure.clientId,
      audience: m.azure.audience,
      ttlSeconds: m.azure.ttlSeconds,
      // Entra ID chooses 60–90 minutes and no request shortens it: the runtime enforces the TTL.
      maxTtlSeconds: 5400,
      maxTtlNote: "Entra decides; the runtime enforces a shorter TTL",
    };
  }
  return cells;
}

/** Lints every document a manifest says was rendered, in the shapes the clouds' APIs use. */
function lintManifest(m: IdentityManifest): ReportFinding[] {
  const documents: Array<[ReportCloud, unknown]> = [];
  if (m.aws) documents.push(["aws", m.aws.trustPolicy]);
  if (m.gcp) {
    for (const p of m.gcp.providers) {
      documents.push([
        "gcp",
        {
          name: p.name,
          attributeMapping: p.attributeMapping,
          attributeCondition: p.attributeCondition,
          oidc: { issuerUri: p.issuerUri, allowedAudiences: p.allowedAudiences },
        },
      ]);
    }
    documents.push([
      "gcp",
      { bindings: [{ role: "roles/iam.workloadIdentityUser", members: m.gcp.principals }] },
    ]);
  }
  if (m.azure) documents.push(["azure", { value: m.azure.credentials }]);
  return documents.flatMap(([cloud, document]) => {
    let read: ReturnType<typeof detectTrustDocuments>;
    try {
      read = detectTrustDocuments(document, "$");
    } catch (error) {
      throw new KeylessError(
        "ERR_INPUT_UNUSABLE",
        `The ${cloudName(cloud)} document in the manifest of ${m.identity} cannot be read: ${(error as Error).message}`,
        { cause: error },
      );
    }
    return read.flatMap((d) =>
      lintTrustDocument(d).map((finding) => ({ identity: m.identity, cloud, finding })),
    );
  });
}
