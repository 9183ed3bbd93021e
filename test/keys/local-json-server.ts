/** A local JSON API on 127.0.0.1 for the GCP and Azure wire formats: routes by method and path. */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

export interface Recorded {
  readonly method: string;
  readonly url: string;
  readonly authorization?: string;
  readonly body: string;
}

export type Route = (req: Recorded) => { status: number; body?: unknown } | undefined;

export async function startJsonServer(route: Route) {
  const requests: Recorded[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      const recorded: Recorded = {
        method: req.method ?? "GET",
        url: req.url ?? "/",
        ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        body,
      };
      requests.push(recorded);
      const answer = route(recorded) ?? {
        status: 404,
        body: { error: { code: 404, message: "Not found", status: "NOT_FOUND" } },
      };
      res.writeHead(answer.status, { "content-type": "application/json" });
      res.end(answer.body === undefined ? "" : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
