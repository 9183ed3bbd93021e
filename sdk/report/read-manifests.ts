/**
 * Reads manifests from a JSON document as `keyless plan` writes them: one manifest, a list of
 * them, or `{ "manifests": [...] }`.
 *
 * @module
 */
import { KeylessError } from "../errors";
import { type IdentityManifest, MANIFEST_VERSION } from "../manifest";

/**
 * Reads manifests from parsed JSON, checking each one's version and identity name.
 *
 * @param source - what the JSON came from (a file name), for messages.
 * @throws {@link KeylessError} `ERR_INPUT_UNUSABLE` naming the source, the index and the problem.
 */
export function readManifests(json: unknown, source: string): readonly IdentityManifest[] {
  const list = Array.isArray(json)
    ? json
    : isObject(json) && Array.isArray(json["manifests"])
      ? json["manifests"]
      : [json];
  const wrapped = isObject(json) && Array.isArray(json["manifests"]);
  const where = (i: number) =>
    Array.isArray(json) ? `${source}[${i}]` : wrapped ? `${source} manifests[${i}]` : source;
  return Object.freeze(
    list.map((item, i) => {
      if (!isObject(item) || typeof item["identity"] !== "string") {
        throw new KeylessError(
          "ERR_INPUT_UNUSABLE",
          `${where(i)} is not an identity manifest: it needs a string "identity". Write the manifests with \`keyless plan\`, or give one manifest, a list, or {"manifests": [...]}.`,
        );
      }
      if (item["version"] !== MANIFEST_VERSION) {
        throw new KeylessError(
          "ERR_INPUT_UNUSABLE",
          `${where(i)} (${item["identity"]}) has manifest version ${JSON.stringify(item["version"])}; this Keyless reads version ${MANIFEST_VERSION}. Write it again with this version of Keyless.`,
        );
      }
      return item as unknown as IdentityManifest;
    }),
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
