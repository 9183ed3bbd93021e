/**
 * A local IAM that speaks the query protocol: form-encoded POSTs, XML answers in the shapes IAM
 * returns, error documents with IAM's codes. Holds users and keys in memory; the credential
 * report is "generated" after a set number of polls.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeKey {
  readonly accessKeyId: string;
  status: "Active" | "Inactive";
  readonly createDate: string;
  lastUsedDate?: string;
  lastUsedService?: string;
  lastUsedRegion?: string;
}

export interface FakeUser {
  readonly userName: string;
  readonly createDate: string;
  readonly keys: FakeKey[];
}

export interface FakeIam {
  readonly url: string;
  readonly calls: string[];
  close(): Promise<void>;
}

const NS = "https://iam.amazonaws.com/doc/2010-05-08/";
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function ok(action: string, inner: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<${action}Response xmlns="${NS}"><${action}Result>${inner}</${action}Result><ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ResponseMetadata></${action}Response>`;
}

function error(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${esc(message)}</Message></Error><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ErrorResponse>`;
}

function reportCsv(users: readonly FakeUser[]): string {
  const header =
    "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated";
  const slot = (k: FakeKey | undefined) =>
    k === undefined
      ? ["false", "N/A", "N/A", "N/A", "N/A"]
      : [
          k.status === "Active" ? "true" : "false",
          k.createDate,
          k.lastUsedDate ?? "N/A",
          k.lastUsedRegion ?? "N/A",
          k.lastUsedService ?? "N/A",
        ];
  const rows = users.map((u) =>
    [
      u.userName,
      `arn:aws:iam::123456789012:user/${u.userName}`,
      u.createDate,
      "false",
      "N/A",
      "N/A",
      "N/A",
      "false",
      ...slot(u.keys[0]),
      ...slot(u.keys[1]),
      "false",
      "N/A",
      "false",
      "N/A",
    ].join(","),
  );
  return [header, ...rows].join("\n") + "\n";
}

/**
 * Starts the fake on 127.0.0.1. `pollsBeforeReport`: how many GenerateCredentialReport calls
 * answer STARTED before COMPLETE; GetCredentialReport answers ReportInProgress until then.
 */
export async function startFakeIam(
  users: FakeUser[],
  options: { pollsBeforeReport?: number; pageSize?: number } = {},
): Promise<FakeIam> {
  const calls: string[] = [];
  let polls = 0;
  const ready = () => polls > (options.pollsBeforeReport ?? 0);
  const pageSize = options.pageSize ?? 100;
  const handle = (params: URLSearchParams): [number, string] => {
    const action = params.get("Action") ?? "";
    calls.push(action);
    switch (action) {
      case "GenerateCredentialReport":
        polls++;
        return [
          200,
          ok(
            action,
            `<State>${ready() ? "COMPLETE" : polls === 1 ? "STARTED" : "INPROGRESS"}</State><Description>No report exists. Starting a new report generation task</Description>`,
          ),
        ];
      case "GetCredentialReport":
        if (!ready()) return [404, error("ReportInProgress", "Report generation in progress.")];
        return [
          200,
          ok(
            action,
            `<Content>${Buffer.from(reportCsv(users)).toString("base64")}</Content><ReportFormat>text/csv</ReportFormat><GeneratedTime>2026-12-03T12:00:00Z</GeneratedTime>`,
          ),
        ];
      case "ListUsers": {
        const start = Number(params.get("Marker") ?? 0);
        const max = Math.min(Number(params.get("MaxItems") ?? 100), pageSize);
        const page = users.slice(start, start + max);
        const more = start + max < users.length;
        const members = page
          .map(
            (u) =>
              `<member><Path>/</Path><UserName>${u.userName}</UserName><UserId>AIDAEXAMPLE${u.userName.length}</UserId><Arn>arn:aws:iam::123456789012:user/${u.userName}</Arn><CreateDate>${u.createDate}</CreateDate></member>`,
          )
          .join("");
        return [
          200,
          ok(
            action,
            `<IsTruncated>${more}</IsTruncated>${more ? `<Marker>${start + max}</Marker>` : ""}<Users>${members}</Users>`,
          ),
        ];
      }
      case "ListAccessKeys": {
        const user = users.find((u) => u.userName === params.get("UserName"));
        if (!user)
          return [
            404,
            error("NoSuchEntity", `The user with name ${params.get("UserName")} cannot be found.`),
          ];
        const members = user.keys
          .map(
            (k) =>
              `<member><UserName>${user.userName}</UserName><AccessKeyId>${k.accessKeyId}</AccessKeyId><Status>${k.status}</Status><CreateDate>${k.createDate}</CreateDate></member>`,
          )
          .join("");
        return [
          200,
          ok(
            action,
            `<IsTruncated>false</IsTruncated><AccessKeyMetadata>${members}</AccessKeyMetadata>`,
          ),
        ];
      }
      case "GetAccessKeyLastUsed": {
        const id = params.get("AccessKeyId");
        const user = users.find((u) => u.keys.some((k) => k.accessKeyId === id));
        const key = user?.keys.find((k) => k.accessKeyId === id);
        if (!user || !key) return [403, error("AccessDenied", "Access denied.")];
        const used = key.lastUsedDate
          ? `<LastUsedDate>${key.lastUsedDate}</LastUsedDate><ServiceName>${key.lastUsedService}</ServiceName><Region>${key.lastUsedRegion}</Region>`
          : "<ServiceName>N/A</ServiceName><Region>N/A</Region>";
        return [
          200,
          ok(
            action,
            `<UserName>${user.userName}</UserName><AccessKeyLastUsed>${used}</AccessKeyLastUsed>`,
          ),
        ];
      }
      default:
        return [400, error("InvalidAction", `Could not find operation ${action}.`)];
    }
  };
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (chunk: Buffer) => (body += chunk.toString("utf8")));
    req.on("end", () => {
      const [status, xml] =
        req.method === "POST" &&
        (req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded")
          ? handle(new URLSearchParams(body))
          : [400, error("InvalidRequest", "IAM takes form-encoded POSTs.")];
      res.writeHead(status, { "content-type": "text/xml" });
      res.end(xml);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
