/**
 * Trust evaluations per second: Keyless's AWS evaluator against `@cloud-copilot/iam-simulate` on
 * the same trust policies and requests, in one run, on one core.
 *
 * Run with `npx tsx bench/simulate.ts`. Prints both rates and the ratio, and the rate of single
 * statement evaluations (policies of one statement), for the 1,000,000 per second target.
 */
import { runSimulation } from "@cloud-copilot/iam-simulate";
import {
  compileTrustPolicy,
  evaluateAwsTrust,
  isTrustAllowed,
  type WebIdentityRequest,
} from "../sdk/simulate/aws";

const google = "arn:aws:iam::123456789012:oidc-provider/accounts.google.com";
const github = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
const roleArn = "arn:aws:iam::123456789012:role/federated";

/** Three statements: an Allow on audience and subject, a Deny on pull requests, a second Allow. */
function policy(i: number) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Federated: google },
        Action: "sts:AssumeRoleWithWebIdentity",
        Condition: {
          StringEquals: { "accounts.google.com:aud": `app-${i}` },
          StringLike: { "accounts.google.com:sub": `repo:acme/svc-${i}:ref:refs/heads/*` },
        },
      },
      {
        Effect: "Deny",
        Principal: "*",
        Action: "sts:*",
        Condition: { StringLike: { "accounts.google.com:sub": "*:pull_request" } },
      },
      {
        Effect: "Allow",
        Principal: { Federated: [github, google] },
        Action: "sts:AssumeRoleWith*",
        Condition: {
          StringEquals: { "accounts.google.com:sub": [`release-${i}`, `hotfix-${i}`] },
          StringNotEquals: { "accounts.google.com:oaud": "blocked" },
        },
      },
    ],
  };
}

function contexts(i: number): Array<Record<string, string>> {
  return [
    {
      "accounts.google.com:aud": `app-${i}`,
      "accounts.google.com:sub": `repo:acme/svc-${i}:ref:refs/heads/main`,
    },
    {
      "accounts.google.com:aud": `app-${i}`,
      "accounts.google.com:sub": `repo:acme/svc-${i}:pull_request`,
    },
    {
      "accounts.google.com:aud": "other",
      "accounts.google.com:sub": `repo:acme/svc-${i}:ref:refs/heads/main`,
    },
    { "accounts.google.com:aud": `app-${i}`, "accounts.google.com:sub": `release-${i}` },
    {
      "accounts.google.com:aud": `app-${i}`,
      "accounts.google.com:sub": `release-${i}`,
      "accounts.google.com:oaud": "blocked",
    },
    { "accounts.google.com:sub": `repo:acme/svc-${i + 1}:ref:refs/tags/v1` },
  ];
}

const cases = Array.from({ length: 40 }, (_, i) => ({ policy: policy(i), contexts: contexts(i) }));
const requests = (ctx: Record<string, string>): WebIdentityRequest => ({
  providerArn: google,
  context: new Map(Object.entries(ctx).map(([k, v]) => [k.toLowerCase(), [v]])),
});
const inputs = cases.flatMap((c) => {
  const compiled = compileTrustPolicy(c.policy);
  return c.contexts.map((ctx) => ({ policy: c.policy, compiled, ctx, request: requests(ctx) }));
});

async function oracle(p: unknown, ctx: Record<string, string>): Promise<boolean> {
  const r = await runSimulation(
    {
      request: {
        principal: google,
        action: "sts:AssumeRoleWithWebIdentity",
        resource: { resource: roleArn, accountId: "123456789012" },
        contextVariables: ctx,
      },
      identityPolicies: [],
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: p,
    },
    {},
  );
  return r.resultType !== "error" && r.overallResult === "Allowed";
}

/** Runs `step` for about `seconds`; returns the evaluations done and the seconds taken. */
function slice(seconds: number, step: () => number): [number, number] {
  let done = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) done += step();
  return [done, (performance.now() - start) / 1000];
}

async function sliceAsync(seconds: number, step: () => Promise<number>): Promise<[number, number]> {
  let done = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  while (performance.now() < end) done += await step();
  return [done, (performance.now() - start) / 1000];
}

async function main(): Promise<void> {
  // Same inputs, same answers: a benchmark of evaluators that disagree would measure nothing.
  let allowed = 0;
  for (const input of inputs) {
    const keyless = isTrustAllowed(input.compiled, input.request);
    if (keyless !== (await oracle(input.policy, input.ctx))) {
      throw new Error(`The evaluators disagree on ${JSON.stringify(input.ctx)}`);
    }
    if (keyless) allowed++;
  }

  let sink = 0;
  const single = inputs.map((input) => {
    const first = (input.policy.Statement as unknown[])[0];
    return {
      compiled: compileTrustPolicy({ Version: "2012-10-17", Statement: [first] }),
      request: input.request,
    };
  });
  // The machine may be shared: the measurements take turns in short slices, so each sees the
  // same load, and the ratio compares like with like.
  const totals = { fast: [0, 0], explained: [0, 0], independent: [0, 0], statements: [0, 0] };
  const add = (name: keyof typeof totals, [count, seconds]: [number, number]) => {
    totals[name][0] += count;
    totals[name][1] += seconds;
  };
  for (let round = 0; round < 8; round++) {
    add(
      "fast",
      slice(0.25, () => {
        for (const input of inputs) if (isTrustAllowed(input.compiled, input.request)) sink++;
        return inputs.length;
      }),
    );
    add(
      "explained",
      slice(0.25, () => {
        for (const input of inputs) {
          const claims = {
            iss: "https://accounts.google.com",
            aud: input.ctx["accounts.google.com:aud"],
            sub: input.ctx["accounts.google.com:sub"],
          };
          const verdict = evaluateAwsTrust({ trustPolicy: input.compiled, roleArn, claims });
          if (verdict.kind === "allow") sink++;
        }
        return inputs.length;
      }),
    );
    add(
      "independent",
      await sliceAsync(0.25, async () => {
        for (const input of inputs.slice(0, 12)) if (await oracle(input.policy, input.ctx)) sink++;
        return 12;
      }),
    );
    // Single statements: each evaluation is exactly one statement, for the per-statement target.
    add(
      "statements",
      slice(0.25, () => {
        for (const s of single) if (isTrustAllowed(s.compiled, s.request)) sink++;
        return single.length;
      }),
    );
  }
  const rate = (name: keyof typeof totals) =>
    (totals[name][0] as number) / (totals[name][1] as number);
  const fast = rate("fast");
  const explained = rate("explained");
  const independent = rate("independent");
  const statements = rate("statements");

  const f = (n: number) => Math.round(n).toLocaleString("en-US");
  console.log(
    `inputs: ${inputs.length} requests over ${cases.length} three-statement trust policies (${allowed} allowed); both evaluators agree on every one`,
  );
  console.log(`keyless, compiled policy:        ${f(fast)} trust evaluations/s`);
  console.log(`keyless, explained (with claims): ${f(explained)} trust evaluations/s`);
  console.log(`@cloud-copilot/iam-simulate:     ${f(independent)} trust evaluations/s`);
  console.log(`ratio, compiled / independent:   ${(fast / independent).toFixed(0)}×`);
  console.log(`ratio, explained / independent:  ${(explained / independent).toFixed(0)}×`);
  console.log(
    `keyless, single statements:      ${f(statements)} statement evaluations/s (target 1,000,000)`,
  );
  if (sink < 0) console.log(sink);
}

void main();
