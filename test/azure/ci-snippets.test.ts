import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { githubLoginStep, gitlabLoginJob } from "../../sdk/azure";

const ids = {
  clientId: "00000000-0000-0000-0000-0000000000c1",
  tenantId: "00000000-0000-0000-0000-0000000000e1",
  subscriptionId: "00000000-0000-0000-0000-0000000000b1",
};

describe("githubLoginStep", () => {
  it("asks for an ID token and logs in with the OIDC inputs", () => {
    expect(parse(githubLoginStep(ids))).toEqual({
      permissions: { "id-token": "write", contents: "read" },
      steps: [
        {
          name: "Log in to Azure",
          uses: "azure/login@v2",
          with: {
            "client-id": ids.clientId,
            "tenant-id": ids.tenantId,
            "subscription-id": ids.subscriptionId,
            audience: "api://AzureADTokenExchange",
          },
        },
      ],
    });
  });

  it("holds no secret input", () => {
    expect(githubLoginStep(ids)).not.toMatch(/client-secret|creds:|password/);
  });
});

describe("gitlabLoginJob", () => {
  it("requests a token for Azure's audience and passes it to az login", () => {
    const job = parse(gitlabLoginJob(ids))[".azure-login"];
    expect(job.id_tokens).toEqual({ AZURE_FEDERATED_TOKEN: { aud: "api://AzureADTokenExchange" } });
    expect(job.variables).toEqual({
      AZURE_CLIENT_ID: ids.clientId,
      AZURE_TENANT_ID: ids.tenantId,
      AZURE_SUBSCRIPTION_ID: ids.subscriptionId,
    });
    expect(job.before_script[0]).toBe(
      'az login --service-principal --username "$AZURE_CLIENT_ID" --tenant "$AZURE_TENANT_ID" --federated-token "$AZURE_FEDERATED_TOKEN"',
    );
  });

  it("uses the job name it is given", () => {
    expect(Object.keys(parse(gitlabLoginJob(ids, ".deploy-azure")))).toEqual([".deploy-azure"]);
  });
});
