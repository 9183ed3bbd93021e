/**
 * The AWS trust a careful engineer writes by hand for service `i`'s production environment: the
 * baseline both synthesis scenarios compare Keyless against.
 */

/** The two `sub` forms GitHub issues for service `i`'s production environment. */
export function productionSubjects(i: number): string[] {
  return [
    `repo:acme/service-${i}:environment:production`,
    `repo:acme@1234567/service-${i}@${1_000_000 + i}:environment:production`,
  ];
}

/** Service `i`'s trust policy, as JSON, for the GitHub OIDC provider `providerArn`. */
export function handWrittenTrustPolicy(providerArn: string, i: number): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: providerArn },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: {
            "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            "token.actions.githubusercontent.com:sub": productionSubjects(i),
            "token.actions.githubusercontent.com:repository_id": String(1_000_000 + i),
          },
        },
      },
    ],
  });
}
