/**
 * Which key a retirement acts on, per cloud, and how its adapter is built from that.
 *
 * @module
 */
import { IAMClient } from "@aws-sdk/client-iam";
import { DefaultAzureCredential } from "@azure/identity";
import { KeylessError } from "../../sdk/errors";
import {
  awsKeyControl,
  azureKeyControl,
  defaultGcpClient,
  GCP_POLICY_ANALYZER_ENDPOINT,
  gcpKeyControl,
  type KeyControl,
} from "../../sdk/keys";

/** An IAM user's access key. */
export interface AwsRetiredKey {
  readonly kind: "aws";
  /** The access key ID. */
  readonly accessKeyId: string;
  /** Its IAM user; found from the key when left out. */
  readonly userName?: string;
  /** The IAM client's region. @default "us-east-1" (IAM is global) */
  readonly region?: string;
  /** A shared-config profile. @default the standard credential chain */
  readonly profile?: string;
  /** Another IAM endpoint (a test double or a partition's). @default AWS's */
  readonly endpointUrl?: string;
}

/** A GCP user-managed service-account key. */
export interface GcpRetiredKey {
  readonly kind: "gcp";
  /** `projects/PROJECT/serviceAccounts/EMAIL/keys/KEY_ID`. */
  readonly keyName: string;
  /** The IAM API's root. @default "https://iam.googleapis.com" */
  readonly endpoint?: string;
  /**
   * Watch the key's last authentication through Policy Analyzer during the soak.
   * @default false: the soak watches the key's status only
   */
  readonly watchLastUse?: boolean;
}

/** An Azure app registration's client secret (delete-only: Azure cannot deactivate a secret). */
export interface AzureRetiredKey {
  readonly kind: "azure";
  /** The application's object ID. */
  readonly applicationObjectId: string;
  /** The secret's `keyId`. */
  readonly keyId: string;
  /** Graph's root. @default "https://graph.microsoft.com" */
  readonly endpoint?: string;
}

/** The key a retirement acts on. */
export type RetiredKey = AwsRetiredKey | GcpRetiredKey | AzureRetiredKey;

/** A stable identifier of the key, used as the resource's ID. */
export function retiredKeyId(key: RetiredKey): string {
  switch (key.kind) {
    case "aws":
      return `aws:${key.accessKeyId}`;
    case "gcp":
      return `gcp:${key.keyName}`;
    case "azure":
      return `azure:${key.applicationObjectId}/${key.keyId}`;
  }
}

/** Builds the adapter for a key with the cloud's standard credentials. */
export async function defaultKeyControl(key: RetiredKey): Promise<KeyControl> {
  switch (key.kind) {
    case "aws":
      return awsKeyControl(
        new IAMClient({
          region: key.region ?? "us-east-1",
          ...(key.profile === undefined ? {} : { profile: key.profile }),
          ...(key.endpointUrl === undefined ? {} : { endpoint: key.endpointUrl }),
        }),
        {
          accessKeyId: key.accessKeyId,
          ...(key.userName === undefined ? {} : { userName: key.userName }),
        },
      );
    case "gcp":
      return gcpKeyControl(
        await defaultGcpClient(),
        {
          keyName: key.keyName,
          ...(key.watchLastUse ? { policyAnalyzerEndpoint: GCP_POLICY_ANALYZER_ENDPOINT } : {}),
        },
        key.endpoint,
      );
    case "azure":
      return azureKeyControl(
        {
          credential: new DefaultAzureCredential(),
          ...(key.endpoint === undefined ? {} : { endpoint: key.endpoint }),
        },
        { applicationObjectId: key.applicationObjectId, keyId: key.keyId },
      );
    default:
      throw new KeylessError(
        "ERR_INPUT_UNUSABLE",
        `key.kind: ${JSON.stringify((key as { kind?: unknown }).kind)} is not a cloud Keyless retires keys in. Fix: use "aws", "gcp" or "azure".`,
      );
  }
}
