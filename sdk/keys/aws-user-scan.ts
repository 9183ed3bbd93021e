/**
 * The AWS per-user path: `ListUsers`, then `ListAccessKeys` and `GetAccessKeyLastUsed` per user and
 * key. Current to the minute, but three calls or more per user; run with adaptive concurrency so
 * a large account is read as fast as IAM's rate limits allow.
 *
 * @see https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetAccessKeyLastUsed.html
 * @module
 */
import {
  GetAccessKeyLastUsedCommand,
  ListAccessKeysCommand,
  ListUsersCommand,
  type User,
} from "@aws-sdk/client-iam";
import { type AdaptivePoolOptions, mapAdaptive } from "./adaptive-pool";
import type { IamSend } from "./aws-calls";
import type { StaticKey } from "./static-key";

// Bounded so a misbehaving endpoint that always says IsTruncated cannot loop forever.
const MAX_PAGES = 10_000;

/** Lists every IAM user, following `Marker` while `IsTruncated`. */
export async function listAllUsers(send: IamSend): Promise<User[]> {
  const users: User[] = [];
  let marker: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const out = await send(
      new ListUsersCommand({ MaxItems: 1000, ...(marker === undefined ? {} : { Marker: marker }) }),
    );
    users.push(...(out.Users ?? []));
    if (out.IsTruncated !== true || out.Marker === undefined) return users;
    marker = out.Marker;
  }
  return users;
}

async function keysOfUser(send: IamSend, userName: string): Promise<StaticKey[]> {
  const keys: StaticKey[] = [];
  let marker: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const out = await send(
      new ListAccessKeysCommand({
        UserName: userName,
        ...(marker === undefined ? {} : { Marker: marker }),
      }),
    );
    for (const meta of out.AccessKeyMetadata ?? []) {
      if (meta.AccessKeyId === undefined) continue;
      const used = await send(new GetAccessKeyLastUsedCommand({ AccessKeyId: meta.AccessKeyId }));
      const last = used.AccessKeyLastUsed;
      // IAM answers "N/A" for service and region of a key never used.
      const service = last?.ServiceName === "N/A" ? undefined : last?.ServiceName;
      const region = last?.Region === "N/A" ? undefined : last?.Region;
      keys.push({
        cloud: "aws",
        principal: userName,
        keyId: meta.AccessKeyId,
        kind: "access-key",
        status: meta.Status === "Active" ? "active" : "inactive",
        ...(meta.CreateDate === undefined ? {} : { createdAt: meta.CreateDate.toISOString() }),
        ...(last?.LastUsedDate === undefined
          ? {}
          : { lastUsedAt: last.LastUsedDate.toISOString() }),
        ...(service === undefined ? {} : { lastUsedService: service }),
        ...(region === undefined ? {} : { lastUsedRegion: region }),
        lastUseKnown: true,
      });
    }
    if (out.IsTruncated !== true || out.Marker === undefined) break;
    marker = out.Marker;
  }
  return keys;
}

/** Reads every user's access keys and their last use, user by user. */
export async function scanUsersOneByOne(
  send: IamSend,
  pool: AdaptivePoolOptions = {},
): Promise<StaticKey[]> {
  const users = await listAllUsers(send);
  const names = users.flatMap((u) => (u.UserName === undefined ? [] : [u.UserName]));
  const perUser = await mapAdaptive(names, (name) => keysOfUser(send, name), pool);
  return perUser.flat();
}
