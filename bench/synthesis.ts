/**
 * Synthesis cost: N identities declared through Keyless versus the same resources written by hand
 * with the cloud's Pulumi provider, both under Pulumi's mock engine. Each run happens in its own
 * child process, so every measurement starts from a fresh runtime; runs alternate between the two
 * programs and the median is reported.
 *
 * Run: `npx tsx bench/synthesis.ts [identities] [repetitions]` (defaults 1000 and 5).
 * Target: Keyless at most 1.2× the hand-written program.
 *
 * Not yet at target for AWS: about 1.35–1.45× CPU. Most of the gap is the FederatedRole component
 * resource itself (one more registration per identity next to the role and its attachment, about
 * 1.3× with no outputs at all); the outputs (trust policy, CI snippet) add the rest. Rendering the
 * trust costs under 0.1 ms per identity.
 */
import { fork } from "node:child_process";
import { OpenIdConnectProvider } from "@pulumi/aws/iam/openIdConnectProvider";
import { Role } from "@pulumi/aws/iam/role";
import { RolePolicyAttachment } from "@pulumi/aws/iam/rolePolicyAttachment";
import * as pulumi from "@pulumi/pulumi";
import { FederatedRole } from "../sdk/aws";
import { createPlanMocks } from "../sdk/plan/mocks";
import { handWrittenTrustPolicy } from "./hand-written-aws";
import { handWrittenMultiCloud, keylessMultiCloud } from "./synthesis-multi-cloud";

/** A benchmark pair: the Keyless program and the hand-written one, both declaring `n` identities. */
interface Scenario {
  readonly cloud: string;
  /** Declares `n` identities through Keyless. */
  readonly keyless: (n: number) => Promise<void>;
  /** Declares the same resources with the provider directly. */
  readonly handWritten: (n: number) => Promise<void>;
}

const ACCOUNT = "123456789012";
const ECS_POLICY = "arn:aws:iam::aws:policy/AmazonECS_FullAccess";

// The runner measures every scenario it lists.
const scenarios: readonly Scenario[] = [
  {
    cloud: "aws",
    async keyless(n) {
      for (let i = 0; i < n; i++) {
        new FederatedRole(`deploy-${i}`, {
          trust: {
            github: {
              repository: `acme/service-${i}`,
              ownerId: 1234567,
              repositoryId: 1_000_000 + i,
              environment: "production",
            },
          },
          ttl: "1h",
          managedPolicyArns: [ECS_POLICY],
        });
      }
    },
    async handWritten(n) {
      const github = new OpenIdConnectProvider("github", {
        url: "https://token.actions.githubusercontent.com",
        clientIdLists: ["sts.amazonaws.com"],
      });
      for (let i = 0; i < n; i++) {
        const role = new Role(`deploy-${i}`, {
          maxSessionDuration: 3600,
          assumeRolePolicy: github.arn.apply((arn) => handWrittenTrustPolicy(arn, i)),
        });
        new RolePolicyAttachment(`deploy-${i}-AmazonECS_FullAccess`, {
          role: role.name,
          policyArn: ECS_POLICY,
        });
      }
    },
  },
  { cloud: "aws+gcp+azure", keyless: keylessMultiCloud, handWritten: handWrittenMultiCloud },
];

type Variant = "keyless" | "handWritten";

/** Runs one program under fresh mocks; returns the CPU milliseconds until every RPC drained. */
async function measure(scenario: Scenario, variant: Variant, n: number): Promise<number> {
  // The same realistic outputs `keyless plan` answers with (ARNs, e-mails, resource names, GUIDs).
  const { mocks, resources: registered } = createPlanMocks({ awsAccountId: ACCOUNT });
  // Without an engine, pulumi.log writes warnings to the console; the benchmark prints figures.
  console.warn = () => undefined;
  await pulumi.runtime.setMocks(mocks, "bench", "bench", false);
  // Both variants' modules are loaded statically, before the clock starts.
  // CPU time, not wall time: the machine may be shared, and synthesis is CPU-bound under mocks.
  const start = process.cpuUsage();
  await scenario[variant](n);
  await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
  const used = process.cpuUsage(start);
  const elapsed = (used.user + used.system) / 1000;
  if (registered.length < n) {
    throw new Error(`${variant} registered only ${registered.length} resources`);
  }
  return elapsed;
}

function runChild(cloud: string, variant: Variant, n: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ["--child", cloud, variant, String(n)], { stdio: "inherit" });
    child.once("message", (ms) => resolve(ms as number));
    child.once("exit", (code) => {
      if (code !== 0) reject(new Error(`${cloud} ${variant} run exited with ${code}`));
    });
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function main(): Promise<void> {
  const [flag, cloud, variant, count] = process.argv.slice(2);
  if (flag === "--child") {
    const scenario = scenarios.find((s) => s.cloud === cloud);
    if (!scenario) throw new Error(`No scenario for ${cloud}`);
    const ms = await measure(scenario, variant as Variant, Number(count));
    process.send?.(ms);
    return;
  }
  const n = Number(flag ?? 1000);
  const repetitions = Number(cloud ?? 5);
  for (const scenario of scenarios) {
    await reportLinearity(scenario, n);
    const times: Record<Variant, number[]> = { keyless: [], handWritten: [] };
    for (let r = 0; r < repetitions; r++) {
      // Alternate the order so neither variant always runs on a warmer machine.
      const order: Variant[] = r % 2 ? ["handWritten", "keyless"] : ["keyless", "handWritten"];
      for (const v of order) times[v].push(await runChild(scenario.cloud, v, n));
    }
    const keyless = median(times.keyless);
    const hand = median(times.handWritten);
    console.log(
      `${scenario.cloud}: ${n} identities, median of ${repetitions} runs — Keyless ${keyless.toFixed(0)} ms CPU, hand-written ${hand.toFixed(0)} ms CPU, ratio ${(keyless / hand).toFixed(2)}× (target ≤ 1.20×)`,
    );
  }
}

/** Prints Keyless's CPU per identity at a quarter, half and all of `n`: flat means linear. */
async function reportLinearity(scenario: Scenario, n: number): Promise<void> {
  const sizes = [Math.max(1, Math.round(n / 4)), Math.max(1, Math.round(n / 2)), n];
  const perIdentity: string[] = [];
  for (const size of sizes) {
    const ms = await runChild(scenario.cloud, "keyless", size);
    perIdentity.push(`${size}: ${(ms / size).toFixed(2)} ms`);
  }
  console.log(`${scenario.cloud}: Keyless CPU per identity — ${perIdentity.join(", ")}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
