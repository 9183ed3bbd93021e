/**
 * Reads the AWS IAM credential report: a CSV with one row per IAM user (and one for the root user)
 * and a fixed set of columns per access key slot. Pure: text in, keys out.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html
 * @module
 */
import { parse } from "csv-parse/sync";
import { KeylessError } from "../errors";
import type { StaticKey } from "./static-key";

// The columns Keyless reads; the report has more (password, MFA, certificates) that it ignores.
const requiredColumns = [
  "user",
  "arn",
  "access_key_1_active",
  "access_key_1_last_rotated",
  "access_key_1_last_used_date",
  "access_key_1_last_used_region",
  "access_key_1_last_used_service",
  "access_key_2_active",
  "access_key_2_last_rotated",
  "access_key_2_last_used_date",
  "access_key_2_last_used_region",
  "access_key_2_last_used_service",
] as const;

// The report writes these where a value does not apply or was never recorded.
const absentValues = new Set(["N/A", "no_information", "not_supported", ""]);

/** One row of the credential report, as the columns Keyless reads. */
export type CredentialReportRow = Readonly<Record<(typeof requiredColumns)[number], string>>;

function present(value: string | undefined): string | undefined {
  return value === undefined || absentValues.has(value) ? undefined : value;
}

function keyFromSlot(row: CredentialReportRow, slot: 1 | 2): StaticKey | undefined {
  const col = (name: string) => row[`access_key_${slot}_${name}` as keyof CredentialReportRow];
  const createdAt = present(col("last_rotated"));
  const active = col("active").toLowerCase() === "true";
  // A slot with no creation time and not active holds no key.
  if (createdAt === undefined && !active) return undefined;
  const lastUsedAt = present(col("last_used_date"));
  const lastUsedService = present(col("last_used_service"));
  const lastUsedRegion = present(col("last_used_region"));
  return {
    cloud: "aws",
    principal: row.user,
    slot,
    kind: "access-key",
    status: active ? "active" : "inactive",
    ...(createdAt === undefined ? {} : { createdAt: new Date(createdAt).toISOString() }),
    ...(lastUsedAt === undefined ? {} : { lastUsedAt: new Date(lastUsedAt).toISOString() }),
    ...(lastUsedService === undefined ? {} : { lastUsedService }),
    ...(lastUsedRegion === undefined ? {} : { lastUsedRegion }),
    lastUseKnown: true,
  };
}

/**
 * Parses a credential report's CSV into one {@link StaticKey} per access key slot that holds a
 * key. The report names slots, not key IDs: `keyId` is absent and `slot` says which of the user's
 * two keys a row is (see `resolveKeyIds` in the AWS scan for the IDs).
 *
 * @throws KeylessError `ERR_CLOUD_API` when the text is not CSV or lacks a documented column.
 */
export function parseCredentialReport(csv: string): StaticKey[] {
  let rows: Record<string, string>[];
  try {
    rows = parse(csv, { columns: true, skip_empty_lines: true, trim: true });
  } catch (err) {
    throw new KeylessError(
      "ERR_CLOUD_API",
      `The credential report is not valid CSV (${(err as Error).message}). Generate a new one with GenerateCredentialReport and try again.`,
      { cause: err },
    );
  }
  const header = rows[0] === undefined ? [] : Object.keys(rows[0]);
  const missing = requiredColumns.filter((c) => rows.length > 0 && !header.includes(c));
  if (missing.length > 0) {
    throw new KeylessError(
      "ERR_CLOUD_API",
      `The credential report lacks the column(s) ${missing.join(", ")}, which the documented layout has. Check that the endpoint is IAM and its report is text/csv.`,
    );
  }
  return rows.flatMap((row) =>
    ([1, 2] as const).flatMap((slot) => {
      const key = keyFromSlot(row as CredentialReportRow, slot);
      return key === undefined ? [] : [key];
    }),
  );
}
