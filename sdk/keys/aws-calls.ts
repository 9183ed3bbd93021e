/**
 * The IAM client as the AWS scan and retirement use it: one `send`, counted, so a scan can report
 * how many API calls it made.
 *
 * @module
 */
import type { IAMClient } from "@aws-sdk/client-iam";

/** An IAM client's `send`, as the scans need it. */
export type IamSend = IAMClient["send"];

/** An IAM client wrapped to count the calls made through it. */
export interface CountingIam {
  readonly send: IamSend;
  /** Calls made so far, each try counted. */
  readonly calls: () => number;
}

/** Wraps `client` so that every `send` is counted. */
export function countingIam(client: Pick<IAMClient, "send">): CountingIam {
  let calls = 0;
  const send = ((command: Parameters<IamSend>[0], ...rest: unknown[]) => {
    calls++;
    return (client.send as (...args: unknown[]) => unknown)(command, ...rest);
  }) as IamSend;
  return { send, calls: () => calls };
}
