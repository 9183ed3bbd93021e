/**
 * Retirement's AWS adapter: an IAM user's access key through `@aws-sdk/client-iam`.
 *
 * @module
 */
import {
  DeleteAccessKeyCommand,
  GetAccessKeyLastUsedCommand,
  type IAMClient,
  ListAccessKeysCommand,
  ListUserTagsCommand,
  TagUserCommand,
  UntagUserCommand,
  UpdateAccessKeyCommand,
} from "@aws-sdk/client-iam";
import { KeylessError } from "../errors";
import type { KeyControl } from "./key-control";
import type { RetirementMark } from "./retirement";
import { maskKeyId } from "./risk";

/** Which access key, and of whom. */
export interface AwsKeyTarget {
  /** The access key ID, e.g. `AKIAIOSFODNN7EXAMPLE`. */
  readonly accessKeyId: string;
  /**
   * The IAM user that owns it. Found with `GetAccessKeyLastUsed` when left out, because
   * `UpdateAccessKey` without a user name acts on the caller's own keys.
   */
  readonly userName?: string;
}

const isNoSuchEntity = (err: unknown) =>
  (err as { name?: string }).name === "NoSuchEntity" ||
  (err as { name?: string }).name === "NoSuchEntityException";

/** The user tag that marks a key under retirement (tag keys allow letters, digits and `:`). */
export function retirementTagKey(accessKeyId: string): string {
  return `keyless:retirement:${accessKeyId}`;
}

// Tag values allow letters, digits, spaces and _.:/=+-@ — no JSON, so a small key=value form.
function encodeMark(mark: RetirementMark): string {
  const used = mark.lastUsedAtDeactivation;
  return [
    `deactivatedAt=${mark.deactivatedAt}`,
    ...(used === undefined ? [] : [`lastUsedAt=${used}`]),
    ...(mark.foundInactive ? ["foundInactive=true"] : []),
  ].join(" ");
}

function decodeMark(value: string | undefined): RetirementMark | undefined {
  if (value === undefined) return undefined;
  const fields = new Map(
    value.split(" ").map((part) => {
      const at = part.indexOf("=");
      return [part.slice(0, at), part.slice(at + 1)] as const;
    }),
  );
  const deactivatedAt = fields.get("deactivatedAt");
  if (deactivatedAt === undefined || Number.isNaN(Date.parse(deactivatedAt))) return undefined;
  const used = fields.get("lastUsedAt");
  return {
    deactivatedAt,
    ...(used === undefined ? {} : { lastUsedAtDeactivation: used }),
    ...(fields.get("foundInactive") === "true" ? { foundInactive: true } : {}),
  };
}

/** An access key ID is 16 to 128 word characters; IAM user keys start with `AKIA`. */
export function checkAccessKeyId(accessKeyId: string, path: string): void {
  if (!/^[A-Z0-9]{16,128}$/.test(accessKeyId)) {
    throw new KeylessError(
      "ERR_INPUT_UNUSABLE",
      `${path}: ${JSON.stringify(maskKeyId(accessKeyId))} is not an AWS access key ID (16 to 128 capital letters and digits, e.g. AKIA…). Fix: pass the ID shown by \`keyless keys scan aws --fresh --show-key-ids\`.`,
    );
  }
}

/**
 * An adapter for one IAM user access key.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAccessKey.html
 */
export function awsKeyControl(
  client: Pick<IAMClient, "send">,
  target: AwsKeyTarget,
): KeyControl & {
  /** The owner, once known (after `observe`, or as given). */
  userName(): string | undefined;
} {
  checkAccessKeyId(target.accessKeyId, "accessKeyId");
  let userName = target.userName;
  const label = () =>
    `AWS access key ${maskKeyId(target.accessKeyId)}${userName ? ` of ${userName}` : ""}`;
  const owner = async (): Promise<string | undefined> => {
    if (userName !== undefined) return userName;
    try {
      const out = await client.send(
        new GetAccessKeyLastUsedCommand({ AccessKeyId: target.accessKeyId }),
      );
      userName = out.UserName;
    } catch (err) {
      if (!isNoSuchEntity(err)) throw err;
    }
    return userName;
  };
  const requireOwner = async (): Promise<string> => {
    const name = await owner();
    if (name === undefined) {
      throw new KeylessError(
        "ERR_CLOUD_API",
        `${label()} was not found in this account. Check the key ID and the account (--profile).`,
      );
    }
    return name;
  };
  const tagKey = retirementTagKey(target.accessKeyId);
  const unmark = async (name: string) => {
    try {
      await client.send(new UntagUserCommand({ UserName: name, TagKeys: [tagKey] }));
    } catch (err) {
      if (!isNoSuchEntity(err)) throw err;
    }
  };
  const setStatus = async (name: string, status: "Active" | "Inactive") => {
    await client.send(
      new UpdateAccessKeyCommand({
        UserName: name,
        AccessKeyId: target.accessKeyId,
        Status: status,
      }),
    );
  };

  return {
    get label() {
      return label();
    },
    capabilities: { canDeactivate: true, reportsLastUse: true },
    userName: () => userName,
    async observe() {
      const name = await owner();
      if (name === undefined) return { exists: false, active: false };
      let keys;
      try {
        keys = await client.send(new ListAccessKeysCommand({ UserName: name }));
      } catch (err) {
        if (isNoSuchEntity(err)) return { exists: false, active: false };
        throw err;
      }
      const meta = keys.AccessKeyMetadata?.find((k) => k.AccessKeyId === target.accessKeyId);
      if (meta === undefined) return { exists: false, active: false };
      const used = await client.send(
        new GetAccessKeyLastUsedCommand({ AccessKeyId: target.accessKeyId }),
      );
      const lastUsed = used.AccessKeyLastUsed?.LastUsedDate;
      const tags = await client.send(new ListUserTagsCommand({ UserName: name }));
      const mark = decodeMark(tags.Tags?.find((t) => t.Key === tagKey)?.Value);
      return {
        exists: true,
        active: meta.Status === "Active",
        ...(lastUsed === undefined ? {} : { lastUsedAt: lastUsed.toISOString() }),
        ...(mark === undefined ? {} : { mark }),
      };
    },
    async deactivate(mark) {
      const name = await requireOwner();
      // The mark goes first: if the run stops after the status change, the next run finds it.
      await client.send(
        new TagUserCommand({ UserName: name, Tags: [{ Key: tagKey, Value: encodeMark(mark) }] }),
      );
      await setStatus(name, "Inactive");
    },
    async reactivate() {
      const name = await requireOwner();
      await setStatus(name, "Active");
      await unmark(name);
    },
    async delete() {
      const name = await owner();
      if (name === undefined) return;
      try {
        await client.send(
          new DeleteAccessKeyCommand({ UserName: name, AccessKeyId: target.accessKeyId }),
        );
      } catch (err) {
        if (!isNoSuchEntity(err)) throw err;
      }
      await unmark(name);
    },
  };
}
