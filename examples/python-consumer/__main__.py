"""GitHub Actions jobs of acme/api in the production environment deploy to AWS and Azure, keyless."""

import pulumi
import pulumi_keyless as keyless

deployer = keyless.Identity(
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
    ttl="45m",
    aws={"managed_policy_arns": ["arn:aws:iam::aws:policy/AmazonECS_FullAccess"]},
    azure={
        "resource_group_name": "acme-identities",
        "roles": [
            {
                "role": "Contributor",
                "scope": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/acme-prod",
            },
        ],
    },
)

pulumi.export("roleArn", deployer.aws_role_arn)
pulumi.export("clientId", deployer.azure_client_id)
