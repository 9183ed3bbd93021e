/**
 * What a CI job needs to log in to Azure with its OIDC token: the `azure/login` step for GitHub
 * Actions and the `id_tokens` job for GitLab CI. IDs here are identifiers, not secrets; no token or
 * key ever appears in a snippet.
 *
 * @see https://github.com/Azure/login#login-with-openid-connect-oidc-recommended
 * @see https://docs.gitlab.com/ci/cloud_services/azure/
 * @module
 */
import { stringify } from "yaml";
import { AZURE_TOKEN_EXCHANGE_AUDIENCE } from "./render-credentials";

/** The IDs a job logs in with. */
export interface AzureLoginIds {
  /** The application (client) ID of the managed identity or app registration. */
  readonly clientId: string;
  /** The Microsoft Entra tenant ID. */
  readonly tenantId: string;
  /** The subscription to select after login. */
  readonly subscriptionId: string;
}

/** The `azure/login` major version the snippet pins. */
export const AZURE_LOGIN_ACTION = "azure/login@v2";

/**
 * A GitHub Actions job fragment: the `id-token: write` permission the job needs to request a
 * token, and the `azure/login` step with its OIDC inputs.
 *
 * @example
 * ```yaml
 * permissions:
 *   id-token: write
 *   contents: read
 * steps:
 *   - name: Log in to Azure
 *     uses: azure/login@v2
 *     with:
 *       client-id: 00000000-0000-0000-0000-000000000000
 *       …
 * ```
 */
export function githubLoginStep(ids: AzureLoginIds): string {
  return stringify({
    permissions: { "id-token": "write", contents: "read" },
    steps: [
      {
        name: "Log in to Azure",
        uses: AZURE_LOGIN_ACTION,
        with: {
          "client-id": ids.clientId,
          "tenant-id": ids.tenantId,
          "subscription-id": ids.subscriptionId,
          audience: AZURE_TOKEN_EXCHANGE_AUDIENCE,
        },
      },
    ],
  });
}

/** The variable GitLab puts the ID token in, for the login script. */
export const GITLAB_AZURE_TOKEN_VARIABLE = "AZURE_FEDERATED_TOKEN";

/**
 * A GitLab CI hidden job to `extends:` from: an ID token with Azure's audience, the IDs as
 * variables, and the `az login --federated-token` call that uses them.
 *
 * @param jobName - the hidden job's name, starting with `.`. @default ".azure-login"
 */
export function gitlabLoginJob(ids: AzureLoginIds, jobName = ".azure-login"): string {
  return stringify({
    [jobName]: {
      id_tokens: { [GITLAB_AZURE_TOKEN_VARIABLE]: { aud: AZURE_TOKEN_EXCHANGE_AUDIENCE } },
      variables: {
        AZURE_CLIENT_ID: ids.clientId,
        AZURE_TENANT_ID: ids.tenantId,
        AZURE_SUBSCRIPTION_ID: ids.subscriptionId,
      },
      before_script: [
        `az login --service-principal --username "$AZURE_CLIENT_ID" --tenant "$AZURE_TENANT_ID" --federated-token "$${GITLAB_AZURE_TOKEN_VARIABLE}"`,
        'az account set --subscription "$AZURE_SUBSCRIPTION_ID"',
      ],
    },
  });
}
