/**
 * Chains of token sources: the first that applies answers; one that applies and fails stops the
 * chain with its reason.
 *
 * @module
 */
import { TokenSourceError } from "../errors";
import { fromBuildkite, type BuildkiteSourceInit } from "./buildkite";
import { fromCircleCi } from "./circleci";
import { fromGitHubActions, type GitHubActionsSourceInit } from "./github-actions";
import { fromGitLabCi, type GitLabCiSourceInit } from "./gitlab-ci";
import { fromKubernetes, type KubernetesSourceInit } from "./kubernetes";
import { fromTerraformCloud, type TerraformCloudSourceInit } from "./terraform-cloud";
import type { Environment, TokenSource } from "./token-source";

/**
 * Tries each source in order. A source that does not apply (`tryNext`) passes to the next; any
 * other failure stops the chain. When none applies, the error lists every source and why.
 */
export function fromChain(...sources: readonly TokenSource[]): TokenSource {
  if (sources.length === 0) throw new TypeError("fromChain: give at least one token source.");
  return {
    kind: "chain",
    async getToken(request) {
      const skipped: string[] = [];
      for (const source of sources) {
        try {
          return await source.getToken(request);
        } catch (err) {
          if (err instanceof TokenSourceError && err.tryNext) {
            skipped.push(`  - ${err.message}`);
            continue;
          }
          throw err;
        }
      }
      throw new TokenSourceError(
        "chain",
        `No token source applies here:\n${skipped.join("\n")}\nFix: run inside a supported CI ` +
          "platform or pod, or name a file, variable or command as the token source.",
        { tryNext: true },
      );
    },
  };
}

/** Options of {@link fromPlatform}: each platform source's own options. */
export interface PlatformSourceInit {
  /** @default process.env, read at each call */
  readonly env?: Environment;
  readonly githubActions?: Omit<GitHubActionsSourceInit, "env">;
  readonly gitlabCi?: Omit<GitLabCiSourceInit, "env">;
  readonly buildkite?: Omit<BuildkiteSourceInit, "env">;
  readonly terraformCloud?: Omit<TerraformCloudSourceInit, "env">;
  readonly kubernetes?: Omit<KubernetesSourceInit, "env">;
}

/**
 * The automatic chain: GitHub Actions, GitLab CI, CircleCI, Buildkite, Terraform Cloud, then a
 * Kubernetes projected token file. CI platforms come first because their variables are
 * unambiguous, while a token file may also be mounted into a CI runner's pod.
 *
 * @example
 * ```ts
 * const token = await fromPlatform().getToken({ audience: "sts.amazonaws.com" });
 * ```
 */
export function fromPlatform(init: PlatformSourceInit = {}): TokenSource {
  const env = init.env === undefined ? {} : { env: init.env };
  return fromChain(
    fromGitHubActions({ ...init.githubActions, ...env }),
    fromGitLabCi({ ...init.gitlabCi, ...env }),
    fromCircleCi(env),
    fromBuildkite({ ...init.buildkite, ...env }),
    fromTerraformCloud({ ...init.terraformCloud, ...env }),
    fromKubernetes({ ...init.kubernetes, ...env }),
  );
}
