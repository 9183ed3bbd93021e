/**
 * Terraform Cloud / Enterprise: runs with workload identity receive `TFC_WORKLOAD_IDENTITY_TOKEN`,
 * and `TFC_WORKLOAD_IDENTITY_TOKEN_<TAG>` for each extra audience tag.
 *
 * @see https://developer.hashicorp.com/terraform/cloud-docs/workspaces/dynamic-provider-credentials/workload-identity-tokens
 * @module
 */
import {
  checkToken,
  environmentOf,
  failed,
  notApplicable,
  type TokenSource,
  type TokenSourceInit,
} from "./token-source";

/** Options of {@link fromTerraformCloud}. */
export interface TerraformCloudSourceInit extends TokenSourceInit {
  /**
   * The tag of a per-audience token (`TFC_WORKLOAD_IDENTITY_TOKEN_<TAG>`); upper case letters,
   * digits and `_`.
   * @default the untagged `TFC_WORKLOAD_IDENTITY_TOKEN`
   */
  readonly tag?: string;
}

/**
 * Tokens from a Terraform Cloud run. Does not apply when no `TFC_WORKLOAD_IDENTITY_TOKEN*`
 * variable and no `TFC_RUN_ID` exist.
 */
export function fromTerraformCloud(init: TerraformCloudSourceInit = {}): TokenSource {
  const kind = "terraform-cloud";
  if (init.tag !== undefined && !/^[A-Z0-9_]+$/.test(init.tag)) {
    throw new TypeError(
      `fromTerraformCloud: tag "${init.tag}" must be upper case letters, digits and _ (it names ` +
        "the variable TFC_WORKLOAD_IDENTITY_TOKEN_<TAG>).",
    );
  }
  const variable =
    init.tag === undefined
      ? "TFC_WORKLOAD_IDENTITY_TOKEN"
      : `TFC_WORKLOAD_IDENTITY_TOKEN_${init.tag}`;
  return {
    kind,
    async getToken() {
      const env = environmentOf(init);
      const token = env[variable];
      if (token) return checkToken(kind, token, variable);
      const anyTfc = Object.keys(env).some((k) => k.startsWith("TFC_WORKLOAD_IDENTITY_TOKEN"));
      if (!anyTfc && env["TFC_RUN_ID"] === undefined) {
        throw notApplicable(kind, "no TFC_RUN_ID or TFC_WORKLOAD_IDENTITY_TOKEN variable is set.");
      }
      const audienceVariable =
        init.tag === undefined
          ? "TFC_WORKLOAD_IDENTITY_AUDIENCE"
          : `TFC_WORKLOAD_IDENTITY_AUDIENCE_${init.tag}`;
      throw failed(
        kind,
        `This Terraform Cloud run has no ${variable}. Fix: set the workspace variable ` +
          `${audienceVariable} to the audience, which turns on the token.`,
      );
    },
  };
}
