import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  CI_TOKEN_FILE,
  GOOGLE_GITHUB_ACTIONS_AUTH,
  renderGitHubAuthStep,
  renderGitLabCiConfig,
} from "../../sdk/gcp";

const providerName =
  "projects/123456789012/locations/global/workloadIdentityPools/ci-00000/providers/github-00000";
const options = {
  providerName,
  audience: `https://iam.googleapis.com/${providerName}`,
  serviceAccountEmail: "api-deploy-0a1b2@acme-prod.iam.gserviceaccount.com",
  lifetimeSeconds: 3600,
};

describe("renderGitHubAuthStep", () => {
  it("renders the auth step with provider, service account, audience and id-token permission", () => {
    const yaml = renderGitHubAuthStep(options);
    expect(parse(yaml)).toEqual({
      permissions: { "id-token": "write", contents: "read" },
      steps: [
        {
          id: "gcp-auth",
          uses: GOOGLE_GITHUB_ACTIONS_AUTH,
          with: {
            workload_identity_provider: providerName,
            service_account: options.serviceAccountEmail,
            audience: options.audience,
          },
        },
      ],
    });
  });

  it("requests a lifetime other than one hour through an access token", () => {
    const step = parse(renderGitHubAuthStep({ ...options, lifetimeSeconds: 1800 })).steps[0];
    expect(step.with).toMatchObject({
      token_format: "access_token",
      access_token_lifetime: "1800s",
    });
  });

  it("leaves the service account out for direct resource access", () => {
    const { serviceAccountEmail: _, ...direct } = options;
    const step = parse(renderGitHubAuthStep(direct)).steps[0];
    expect(step.with).not.toHaveProperty("service_account");
    expect(step.with.workload_identity_provider).toBe(providerName);
  });
});

describe("renderGitLabCiConfig", () => {
  it("renders id_tokens with the audience, the variables, and the token file step", () => {
    expect(parse(renderGitLabCiConfig({ ...options, lifetimeSeconds: 1800 }))).toEqual({
      id_tokens: { GCP_ID_TOKEN: { aud: options.audience } },
      variables: {
        GCP_WORKLOAD_IDENTITY_PROVIDER: providerName,
        GCP_SERVICE_ACCOUNT: options.serviceAccountEmail,
        GCP_ACCESS_TOKEN_LIFETIME: "1800s",
      },
      before_script: ["mkdir -p /tmp/keyless", `printf '%s' "$GCP_ID_TOKEN" > ${CI_TOKEN_FILE}`],
    });
  });
});
