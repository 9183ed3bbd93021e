/**
 * Azure: federated identity credentials rendered from the trust model (pure), and the Pulumi
 * component that holds them on a managed identity or an app registration.
 *
 * @module
 */
export { BUILT_IN_ROLES, checkScope, resolveRole, roleDefinitionIdAt } from "./built-in-roles";
export type { AzureRoleReference } from "./built-in-roles";
export {
  AZURE_LOGIN_ACTION,
  GITLAB_AZURE_TOKEN_VARIABLE,
  githubLoginStep,
  gitlabLoginJob,
} from "./ci-snippets";
export type { AzureLoginIds } from "./ci-snippets";
export {
  CREDENTIAL_NAME_MAX_LENGTH,
  CREDENTIAL_NAME_MIN_LENGTH,
  credentialName,
  isValidCredentialName,
} from "./credential-name";
export { AZURE_FEDERATED_IDENTITY_TYPE, AzureFederatedIdentity } from "./federated-identity";
export type { AzureFederatedIdentityArgs, AzureRoleGrant } from "./federated-identity";
export {
  comparandProblem,
  FLEXIBLE_LANGUAGE_VERSION,
  flexiblePlatform,
  writeExpression,
} from "./flexible-expression";
export type { ClaimTest, FlexiblePlatform } from "./flexible-expression";
export {
  AZURE_CREDENTIALS_WARN_AT,
  AZURE_MAX_CREDENTIALS,
  AZURE_TOKEN_EXCHANGE_AUDIENCE,
  renderAzureCredentials,
} from "./render-credentials";
export type {
  AzureCredentialHolder,
  AzureExactCredential,
  AzureFederatedCredential,
  AzureFlexibleCredential,
  RenderAzureCredentialsOptions,
  RenderedAzureCredentials,
} from "./render-credentials";
export { KEYLESS_UUID_NAMESPACE, roleAssignmentName, uuidV5 } from "./role-assignment-name";
export {
  AZURE_TOKEN_LIFETIME_MAX_SECONDS,
  AZURE_TOKEN_LIFETIME_MIN_SECONDS,
  checkAzureTtl,
} from "./token-lifetime";
