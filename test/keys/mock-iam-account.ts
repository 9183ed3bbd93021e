/**
 * One IAM user's keys and tags behind aws-sdk-client-mock, answering in the SDK's shapes and
 * errors, and changing as the retirement acts on them.
 */
import {
  DeleteAccessKeyCommand,
  GetAccessKeyLastUsedCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListUserTagsCommand,
  NoSuchEntityException,
  TagUserCommand,
  UntagUserCommand,
  UpdateAccessKeyCommand,
} from "@aws-sdk/client-iam";
import { mockClient } from "aws-sdk-client-mock";

export interface AccountKey {
  status: "Active" | "Inactive";
  createDate: Date;
  lastUsedDate?: Date;
}

export interface MockAccount {
  readonly userName: string;
  readonly keys: Map<string, AccountKey>;
  readonly tags: Map<string, string>;
  /** Commands received, by name, in order. */
  readonly log: string[];
  /** Makes the `nth` next `name` command (1 = the next one) fail once with `error`. */
  failNext(name: string, error: Error, nth?: number): void;
}

const meta = { httpStatusCode: 200, requestId: "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE" };

export function mockIamAccount(userName: string, keys: Record<string, AccountKey>) {
  const iam = mockClient(IAMClient);
  const failures = new Map<string, { error: Error; countdown: number }>();
  const account: MockAccount = {
    userName,
    keys: new Map(Object.entries(keys)),
    tags: new Map(),
    log: [],
    failNext: (name, error, nth = 1) => void failures.set(name, { error, countdown: nth }),
  };
  const noUser = (name: string | undefined) =>
    new NoSuchEntityException({
      message: `The user with name ${name} cannot be found.`,
      $metadata: { httpStatusCode: 404 },
    });
  const noKey = (id: string | undefined) =>
    new NoSuchEntityException({
      message: `The Access Key with id ${id} cannot be found.`,
      $metadata: { httpStatusCode: 404 },
    });
  const step = (name: string) => {
    account.log.push(name);
    const failure = failures.get(name);
    if (failure && --failure.countdown === 0) {
      failures.delete(name);
      throw failure.error;
    }
  };
  iam.on(GetAccessKeyLastUsedCommand).callsFake(({ AccessKeyId }) => {
    step("GetAccessKeyLastUsed");
    const key = account.keys.get(AccessKeyId);
    if (!key) throw noKey(AccessKeyId);
    return {
      UserName: userName,
      AccessKeyLastUsed: key.lastUsedDate
        ? { LastUsedDate: key.lastUsedDate, ServiceName: "s3", Region: "eu-west-1" }
        : { ServiceName: "N/A", Region: "N/A" },
      $metadata: meta,
    };
  });
  iam.on(ListAccessKeysCommand).callsFake(({ UserName }) => {
    step("ListAccessKeys");
    if (UserName !== userName) throw noUser(UserName);
    return {
      AccessKeyMetadata: [...account.keys].map(([id, k]) => ({
        UserName: userName,
        AccessKeyId: id,
        Status: k.status,
        CreateDate: k.createDate,
      })),
      IsTruncated: false,
      $metadata: meta,
    };
  });
  iam.on(ListUserTagsCommand).callsFake(() => {
    step("ListUserTags");
    return {
      Tags: [...account.tags].map(([Key, Value]) => ({ Key, Value })),
      IsTruncated: false,
      $metadata: meta,
    };
  });
  iam.on(TagUserCommand).callsFake(({ Tags }) => {
    step("TagUser");
    for (const t of Tags) account.tags.set(t.Key, t.Value);
    return { $metadata: meta };
  });
  iam.on(UntagUserCommand).callsFake(({ TagKeys }) => {
    step("UntagUser");
    for (const k of TagKeys) account.tags.delete(k);
    return { $metadata: meta };
  });
  iam.on(UpdateAccessKeyCommand).callsFake(({ UserName, AccessKeyId, Status }) => {
    step("UpdateAccessKey");
    const key = account.keys.get(AccessKeyId);
    if (UserName !== userName || !key) throw noKey(AccessKeyId);
    key.status = Status;
    return { $metadata: meta };
  });
  iam.on(DeleteAccessKeyCommand).callsFake(({ AccessKeyId }) => {
    step("DeleteAccessKey");
    if (!account.keys.delete(AccessKeyId)) throw noKey(AccessKeyId);
    return { $metadata: meta };
  });
  return { iam, account };
}
