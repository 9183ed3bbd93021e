/**
 * `keyless plan PROGRAM`: runs a Pulumi program under the mock engine and prints every resource
 * and every identity's rendered trust.
 *
 * @module
 */
import { type CommandRegistration, UsageError } from "../io";

/** Registers `keyless plan`. */
export const register: CommandRegistration = (program) => {
  program
    .command("plan")
    .argument("<program>", "a Pulumi program folder (Pulumi.yaml + index.ts) or a .ts file")
    .description("run a Pulumi program under the mock engine and print its resources and trust")
    .action(() => {
      throw new UsageError("plan is being built");
    });
};
