/**
 * OIDC issuers: who signs the tokens a trust accepts, and the URL every cloud names them by.
 *
 * @module
 */
import type { Problem } from "../errors";

/** The issuers Keyless knows the claim formats of; `oidc` is any other, declared explicitly. */
export type IssuerKind =
  | "github"
  | "gitlab"
  | "kubernetes"
  | "circleci"
  | "buildkite"
  | "terraform-cloud"
  | "pulumi-cloud"
  | "bitbucket"
  | "oidc";

/** An OIDC issuer as every renderer sees it. */
export interface OidcIssuer {
  /** Which claim format the issuer's tokens follow. */
  readonly kind: IssuerKind;
  /** The `iss` claim exactly: `https://`, host, optional path, no trailing slash. */
  readonly url: string;
  /**
   * The URL without its scheme (`token.actions.githubusercontent.com`,
   * `oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE…`): how AWS names the OIDC provider and prefixes
   * its condition keys.
   */
  readonly hostPath: string;
}

/** GitHub Actions' issuer on github.com. */
export const GITHUB_ISSUER_URL = "https://token.actions.githubusercontent.com";

/** GitLab.com's issuer; self-managed instances use their own URL. */
export const GITLAB_COM_ISSUER_URL = "https://gitlab.com";

/** Buildkite's agent issuer. */
export const BUILDKITE_ISSUER_URL = "https://agent.buildkite.com";

/** HCP Terraform's issuer; Terraform Enterprise uses its own hostname. */
export const TERRAFORM_CLOUD_ISSUER_URL = "https://app.terraform.io";

/** Pulumi Cloud's issuer for deployments and ESC's cloud login providers. */
export const PULUMI_CLOUD_ISSUER_URL = "https://api.pulumi.com/oidc";

/**
 * Checks an issuer URL and returns the issuer, or the problems with it.
 *
 * The URL must be exactly what tokens carry in `iss`: Azure compares it byte for byte and AWS
 * derives its condition keys from it, so Keyless never "fixes" a URL silently.
 *
 * @param allowTrailingSlash - a few issuers do end `iss` with a slash (AKS clusters, some Auth0
 *   tenants); only the Kubernetes and generic kinds may keep one. Defaults to `false`.
 */
export function parseIssuerUrl(
  kind: IssuerKind,
  url: unknown,
  path: string,
  allowTrailingSlash = false,
): OidcIssuer | Problem[] {
  const problem = (rule: string, fix: string): Problem[] => [{ path, value: url, rule, fix }];
  if (typeof url !== "string" || url.trim() === "") {
    return problem(
      "An issuer URL is required.",
      "Set it to the `iss` claim of the tokens, e.g. https://oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE.",
    );
  }
  if (url !== url.trim()) {
    return problem(
      "The issuer URL must not have leading or trailing whitespace: clouds compare it exactly.",
      "Remove the whitespace.",
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return problem(
      "The issuer URL is not a URL.",
      "Write the full `iss` value, starting with https://.",
    );
  }
  if (parsed.protocol !== "https:") {
    return problem(
      "OIDC issuers must use https: every cloud refuses other schemes.",
      `Use https://${parsed.host}${parsed.pathname === "/" ? "" : parsed.pathname}.`,
    );
  }
  if (parsed.search || parsed.hash || parsed.username || parsed.password) {
    return problem(
      "An issuer URL has no query, fragment or credentials.",
      "Keep only scheme, host and path.",
    );
  }
  if (url.endsWith("/") && !allowTrailingSlash) {
    return problem(
      "The issuer URL ends with a slash, but the tokens' `iss` does not; Azure and AWS compare it exactly.",
      `Use ${url.replace(/\/+$/, "")}.`,
    );
  }
  const hostPath = url.slice("https://".length);
  return Object.freeze({ kind, url, hostPath });
}
