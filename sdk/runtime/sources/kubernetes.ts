/**
 * Kubernetes: the kubelet writes a projected service-account token to a file and rotates it, so
 * the file is read again for every exchange.
 *
 * @see https://kubernetes.io/docs/concepts/storage/projected-volumes/#serviceaccounttoken
 * @module
 */
import { readFile } from "node:fs/promises";
import {
  checkToken,
  environmentOf,
  failed,
  notApplicable,
  type TokenSource,
  type TokenSourceInit,
} from "./token-source";

/** Where {@link fromKubernetes} looks when neither a path nor `AWS_WEB_IDENTITY_TOKEN_FILE` is set. */
export const DEFAULT_KUBERNETES_TOKEN_PATH = "/var/run/secrets/tokens/keyless-token";

/** Options of {@link fromKubernetes}. */
export interface KubernetesSourceInit extends TokenSourceInit {
  /**
   * The projected token's path. A declared path must exist.
   * @default `AWS_WEB_IDENTITY_TOKEN_FILE` when set (EKS, and pods set up the same way), else
   *   "/var/run/secrets/tokens/keyless-token", which does not apply when absent
   */
  readonly path?: string;
}

/** Tokens from a projected service-account token file. */
export function fromKubernetes(init: KubernetesSourceInit = {}): TokenSource {
  const kind = "kubernetes";
  return {
    kind,
    async getToken() {
      const env = environmentOf(init);
      const declared = init.path ?? env["AWS_WEB_IDENTITY_TOKEN_FILE"];
      const path = declared ?? DEFAULT_KUBERNETES_TOKEN_PATH;
      let text: string;
      try {
        text = await readFile(path, "utf8");
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (declared === undefined && code === "ENOENT") {
          throw notApplicable(kind, `no token file at ${path}.`);
        }
        throw failed(
          kind,
          `The projected token file ${path} cannot be read (${code ?? "error"}). Fix: mount a ` +
            "serviceAccountToken projected volume at that path, or name the right path.",
          err,
        );
      }
      return checkToken(kind, text, `The token file ${path}`);
    },
  };
}
