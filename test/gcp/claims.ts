/**
 * Token claim sets shaped like the issuers' real tokens (every claim they carry, placeholder
 * values). Tests override the fields that differ.
 */
export const AUDIENCE =
  "https://iam.googleapis.com/projects/123456789012/locations/global/workloadIdentityPools/ci-00000/providers/prov-00000";

export function githubClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    jti: "example-jti-0001",
    sub: "repo:acme/api:ref:refs/heads/main",
    aud: AUDIENCE,
    ref: "refs/heads/main",
    sha: "0123456789abcdef0123456789abcdef01234567",
    repository: "acme/api",
    repository_owner: "acme",
    repository_owner_id: "1234567",
    run_id: "5123456789",
    run_number: "42",
    run_attempt: "1",
    repository_visibility: "private",
    repository_id: "7654321",
    actor_id: "1000001",
    actor: "octo-example",
    workflow: "deploy",
    head_ref: "",
    base_ref: "",
    event_name: "push",
    ref_type: "branch",
    workflow_ref: "acme/api/.github/workflows/deploy.yml@refs/heads/main",
    workflow_sha: "0123456789abcdef0123456789abcdef01234567",
    job_workflow_ref: "acme/api/.github/workflows/deploy.yml@refs/heads/main",
    job_workflow_sha: "0123456789abcdef0123456789abcdef01234567",
    runner_environment: "github-hosted",
    iss: "https://token.actions.githubusercontent.com",
    nbf: 1_780_000_000,
    exp: 1_780_000_900,
    iat: 1_780_000_000,
    ...overrides,
  };
}

export function gitlabClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    namespace_id: "4242",
    namespace_path: "acme/platform",
    project_id: "2323",
    project_path: "acme/platform/deployer",
    user_id: "1001",
    user_login: "deploy-bot",
    pipeline_id: "1212",
    pipeline_source: "push",
    job_id: "3434",
    ref: "main",
    ref_type: "branch",
    ref_path: "refs/heads/main",
    ref_protected: "true",
    environment: "production",
    environment_protected: "true",
    deployment_tier: "production",
    runner_id: "17",
    runner_environment: "gitlab-hosted",
    sha: "0123456789abcdef0123456789abcdef01234567",
    project_visibility: "private",
    ci_config_ref_uri: "gitlab.com/acme/platform/deployer//.gitlab-ci.yml@refs/heads/main",
    ci_config_sha: "0123456789abcdef0123456789abcdef01234567",
    jti: "example-jti-0002",
    iss: "https://gitlab.com",
    iat: 1_780_000_000,
    nbf: 1_780_000_000,
    exp: 1_780_003_600,
    sub: "project_path:acme/platform/deployer:ref_type:branch:ref:main",
    aud: AUDIENCE,
    ...overrides,
  };
}

export function kubernetesClaims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    aud: [AUDIENCE],
    exp: 1_780_003_600,
    iat: 1_780_000_000,
    nbf: 1_780_000_000,
    iss: "https://container.googleapis.com/v1/projects/acme-prod/locations/europe-west1/clusters/main",
    jti: "example-jti-0003",
    "kubernetes.io": {
      namespace: "payments",
      node: { name: "node-a", uid: "00000000-0000-4000-8000-00000000000a" },
      pod: { name: "reader-7d9f", uid: "00000000-0000-4000-8000-00000000000b" },
      serviceaccount: { name: "reader", uid: "00000000-0000-4000-8000-00000000000c" },
    },
    sub: "system:serviceaccount:payments:reader",
    ...overrides,
  };
}
