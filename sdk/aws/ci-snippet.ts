/**
 * Ready-to-paste CI configuration for a federated AWS role: what a GitHub Actions job, a GitLab
 * CI job or a Kubernetes workload needs to request a token with the right audience and exchange
 * it for a session of the declared length. Pure: YAML is built as data and printed by `yaml`.
 *
 * @see https://github.com/aws-actions/configure-aws-credentials
 * @see https://docs.gitlab.com/ci/cloud_services/aws/
 * @see https://docs.aws.amazon.com/eks/latest/userguide/associate-service-account-role.html
 * @module
 */
import { Document } from "yaml";
import type { SubjectSource, TrustSubject } from "../trust";
import { AWS_DEFAULT_AUDIENCE } from "./trust-policy";

/** The action and major version the GitHub snippet uses. */
export const CONFIGURE_AWS_CREDENTIALS_ACTION = "aws-actions/configure-aws-credentials@v5";

/** What a CI snippet needs to know about the role. */
export interface CiSnippetOptions {
  /** The identity's name: used as the job name. */
  readonly identity: string;
  /** The role to assume. */
  readonly roleArn: string;
  /** The session length to request, in seconds (the TTL). */
  readonly sessionDurationSeconds: number;
  /** The region the job's SDKs and CLI should use. */
  readonly region: string;
  /** The audience the role's trust pins. @default "sts.amazonaws.com" */
  readonly audience?: string;
}

/**
 * Renders one snippet per distinct subject, each headed by a comment that says where it goes.
 *
 * @returns YAML text; sections are separate YAML documents (`---`).
 * @example
 * ```ts
 * renderCiSnippet(subjects, {
 *   identity: "web-main",
 *   roleArn: "arn:aws:iam::123456789012:role/web-main",
 *   sessionDurationSeconds: 3600,
 *   region: "eu-west-1",
 * });
 * ```
 */
export function renderCiSnippet(
  subjects: readonly TrustSubject[],
  options: CiSnippetOptions,
): string {
  const sections = new Set<string>();
  for (const subject of subjects) sections.add(renderSection(subject, options));
  return [...sections].join("---\n");
}

function renderSection(subject: TrustSubject, options: CiSnippetOptions): string {
  const source = subject.source;
  switch (source.kind) {
    case "github":
      return githubSection(subject, source, options);
    case "gitlab":
      return gitlabSection(subject, source, options);
    case "kubernetes":
      return kubernetesSection(subject, options);
    case "circleci":
      return circleCiSection(subject, options);
    case "buildkite":
      return buildkiteSection(subject, options);
    case "terraform-cloud":
      return terraformCloudSection(subject, options);
    case "pulumi-cloud":
      return pulumiCloudSection(subject, source, options);
    case "bitbucket":
      return bitbucketSection(subject, options);
    case "oidc":
      return oidcSection(subject, options);
  }
}

function circleCiSection(subject: TrustSubject, options: CiSnippetOptions): string {
  return yamlSection(
    `CircleCI: ${subject.description}. The aws-cli orb exchanges the job's CIRCLE_OIDC_TOKEN_V2 (its audience is the organization ID, which the trust expects).`,
    {
      orbs: { "aws-cli": "circleci/aws-cli@5" },
      jobs: {
        [options.identity]: {
          docker: [{ image: "cimg/base:current" }],
          steps: [
            {
              "aws-cli/setup": {
                role_arn: options.roleArn,
                role_session_name: "circleci-${CIRCLE_PROJECT_REPONAME}-${CIRCLE_BUILD_NUM}",
                session_duration: String(options.sessionDurationSeconds),
                region: options.region,
              },
            },
            { run: "aws sts get-caller-identity" },
          ],
        },
      },
    },
  );
}

function buildkiteSection(subject: TrustSubject, options: CiSnippetOptions): string {
  return yamlSection(
    `Buildkite: ${subject.description}. The plugin requests a token with aud ${options.audience ?? AWS_DEFAULT_AUDIENCE} and assumes the role.`,
    {
      steps: [
        {
          label: options.identity,
          command: "aws sts get-caller-identity",
          plugins: [
            {
              "aws-assume-role-with-web-identity#v1.4.0": {
                "role-arn": options.roleArn,
                "session-duration": options.sessionDurationSeconds,
              },
            },
          ],
          env: { AWS_REGION: options.region },
        },
      ],
    },
  );
}

function terraformCloudSection(subject: TrustSubject, options: CiSnippetOptions): string {
  return yamlSection(
    `Terraform Cloud: ${subject.description}. Set these as environment variables of the workspace; the AWS provider then assumes the role for the run.`,
    {
      TFC_AWS_PROVIDER_AUTH: "true",
      TFC_AWS_RUN_ROLE_ARN: options.roleArn,
      TFC_AWS_WORKLOAD_IDENTITY_AUDIENCE: options.audience ?? AWS_DEFAULT_AUDIENCE,
    },
  );
}

function pulumiCloudSection(
  subject: TrustSubject,
  source: Extract<SubjectSource, { kind: "pulumi-cloud" }>,
  options: CiSnippetOptions,
): string {
  if (source.environment !== undefined) {
    return yamlSection(
      `Pulumi ESC: ${subject.description}. Add to the environment ${source.environment}.`,
      {
        values: {
          aws: {
            login: {
              "fn::open::aws-login": {
                oidc: {
                  roleArn: options.roleArn,
                  sessionName: `pulumi-esc-${source.organization}`,
                  duration: `${options.sessionDurationSeconds}s`,
                },
              },
            },
          },
        },
      },
    );
  }
  return yamlSection(
    `Pulumi Deployments: ${subject.description}. Set in the stack's deployment settings (OIDC → AWS).`,
    {
      operationContext: {
        oidc: {
          aws: {
            roleArn: options.roleArn,
            sessionName: "pulumi-deployments",
            duration: `${options.sessionDurationSeconds}s`,
          },
        },
      },
    },
  );
}

function bitbucketSection(subject: TrustSubject, options: CiSnippetOptions): string {
  return yamlSection(
    `Bitbucket Pipelines: ${subject.description}. A step with oidc: true gets BITBUCKET_STEP_OIDC_TOKEN; every AWS SDK reads the token file.`,
    {
      pipelines: {
        default: [
          {
            step: {
              name: options.identity,
              oidc: { audiences: [options.audience ?? AWS_DEFAULT_AUDIENCE] },
              script: [
                "export AWS_WEB_IDENTITY_TOKEN_FILE=$(pwd)/web-identity-token",
                "echo $BITBUCKET_STEP_OIDC_TOKEN > $AWS_WEB_IDENTITY_TOKEN_FILE",
                `export AWS_ROLE_ARN=${options.roleArn}`,
                `export AWS_REGION=${options.region}`,
                "aws sts get-caller-identity",
              ],
            },
          },
        ],
      },
    },
  );
}

function githubSection(
  subject: TrustSubject,
  source: Extract<SubjectSource, { kind: "github" }>,
  options: CiSnippetOptions,
): string {
  const audience = options.audience ?? AWS_DEFAULT_AUDIENCE;
  const context = source.context;
  const job: Record<string, unknown> = { "runs-on": "ubuntu-latest" };
  // The environment must be on the job: GitHub only then puts `environment:NAME` into `sub`.
  if (context.kind === "environment") job.environment = context.name;
  job.permissions = { "id-token": "write", contents: "read" };
  job.steps = [
    {
      name: "Configure AWS credentials",
      uses: CONFIGURE_AWS_CREDENTIALS_ACTION,
      with: {
        "role-to-assume": options.roleArn,
        "role-duration-seconds": options.sessionDurationSeconds,
        "aws-region": options.region,
        ...(audience !== AWS_DEFAULT_AUDIENCE ? { audience } : {}),
      },
    },
  ];
  const where: Record<typeof context.kind, string> = {
    branch: "in a workflow that runs on pushes to the trusted branch",
    tag: "in a workflow that runs on pushes of the trusted tags",
    environment: "in any workflow of the repository; the job must keep its environment",
    "pull-request": "in a workflow triggered by pull_request",
    workflow: `in the reusable workflow the trust pins; callers need id-token: write too`,
  };
  return yamlSection(
    `GitHub Actions: ${subject.description}. Paste under \`jobs:\` ${where[context.kind]}.`,
    { [options.identity]: job },
  );
}

function gitlabSection(
  subject: TrustSubject,
  source: Extract<SubjectSource, { kind: "gitlab" }>,
  options: CiSnippetOptions,
): string {
  const audience = options.audience ?? AWS_DEFAULT_AUDIENCE;
  const refVariable = source.refType === "branch" ? "$CI_COMMIT_BRANCH" : "$CI_COMMIT_TAG";
  const job: Record<string, unknown> = {
    id_tokens: { AWS_ID_TOKEN: { aud: audience } },
    variables: { AWS_ROLE_ARN: options.roleArn, AWS_DEFAULT_REGION: options.region },
  };
  if (source.environment !== undefined) job.environment = { name: source.environment };
  if (!/[*?]/.test(source.ref)) {
    job.rules = [{ if: `${refVariable} == ${JSON.stringify(source.ref)}` }];
  }
  job.script = [
    [
      'export $(printf "AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s AWS_SESSION_TOKEN=%s"',
      "$(aws sts assume-role-with-web-identity",
      '--role-arn "$AWS_ROLE_ARN"',
      '--role-session-name "gitlab-$CI_PROJECT_ID-$CI_JOB_ID"',
      '--web-identity-token "$AWS_ID_TOKEN"',
      `--duration-seconds ${options.sessionDurationSeconds}`,
      '--query "Credentials.[AccessKeyId,SecretAccessKey,SessionToken]"',
      "--output text))",
    ].join(" "),
    "aws sts get-caller-identity",
  ];
  return yamlSection(
    `GitLab CI: ${subject.description}. Add as a job in .gitlab-ci.yml of ${source.projectPath}.`,
    { [options.identity]: job },
  );
}

function kubernetesSection(subject: TrustSubject, options: CiSnippetOptions): string {
  const source = subject.source as Extract<SubjectSource, { kind: "kubernetes" }>;
  const audience = options.audience ?? AWS_DEFAULT_AUDIENCE;
  const eks = /^oidc\.eks\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\//.test(subject.issuer.hostPath);
  const serviceAccount = {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: {
      name: source.serviceAccount,
      namespace: source.namespace,
      ...(eks
        ? {
            annotations: {
              "eks.amazonaws.com/role-arn": options.roleArn,
              ...(audience !== AWS_DEFAULT_AUDIENCE
                ? { "eks.amazonaws.com/audience": audience }
                : {}),
            },
          }
        : {}),
    },
  };
  if (eks) {
    return yamlSection(
      `Kubernetes (EKS): ${subject.description}. The pod identity webhook projects a token and sets AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE in pods using this service account; SDKs request their default session length, which the role allows up to ${options.sessionDurationSeconds} s.`,
      serviceAccount,
    );
  }
  const pod = {
    serviceAccountName: source.serviceAccount,
    volumes: [
      {
        name: "aws-web-identity-token",
        projected: {
          sources: [{ serviceAccountToken: { audience, expirationSeconds: 3600, path: "token" } }],
        },
      },
    ],
    containers: [
      {
        name: "app",
        env: [
          { name: "AWS_ROLE_ARN", value: options.roleArn },
          {
            name: "AWS_WEB_IDENTITY_TOKEN_FILE",
            value: "/var/run/secrets/aws/token",
          },
          { name: "AWS_REGION", value: options.region },
        ],
        volumeMounts: [
          { name: "aws-web-identity-token", mountPath: "/var/run/secrets/aws", readOnly: true },
        ],
      },
    ],
  };
  return [
    yamlSection(`Kubernetes: ${subject.description}. The service account:`, serviceAccount),
    yamlSection(
      "Pod spec fragment: a projected token with the AWS audience, read by every AWS SDK.",
      pod,
    ),
  ].join("---\n");
}

function oidcSection(subject: TrustSubject, options: CiSnippetOptions): string {
  return yamlSection(
    `${subject.description}. Write a token with aud ${options.audience ?? AWS_DEFAULT_AUDIENCE} to a file and set these variables; every AWS SDK then assumes the role.`,
    {
      AWS_ROLE_ARN: options.roleArn,
      AWS_WEB_IDENTITY_TOKEN_FILE: "/path/to/token",
      AWS_REGION: options.region,
    },
  );
}

function yamlSection(comment: string, value: unknown): string {
  const doc = new Document(value);
  doc.commentBefore = ` ${comment}`;
  return doc.toString({ lineWidth: 0 });
}
