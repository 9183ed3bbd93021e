"""GitHub Actions jobs of acme/api in the production environment deploy to Azure, keyless."""

import pulumi
import pulumi_keyless as keyless

deployer = keyless.AzureFederatedIdentity(
    "api-deploy",
    trust=[
        {
            "github": {
                "repository": "acme/api",
                "owner_id": 1234567,
                "repository_id": 7654321,
                "environment": "production",
            },
        },
    ],
    resource_group_name="acme-identities",
    subscription_id="00000000-0000-0000-0000-000000000000",
    roles=[
        {
            "role": "Contributor",
            "scope": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/acme-prod",
        },
    ],
    ttl="45m",
)

pulumi.export("clientId", deployer.client_id)
pulumi.export("tenantId", deployer.tenant_id)
pulumi.export("githubLoginStep", deployer.github_login_step)
