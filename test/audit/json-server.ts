import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A request the local server received. */
export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly authorization: string | undefined;
}

/** A route answer: status and JSON body. */
export type Answer = { status: number; body: unknown };

/**
 * A local HTTP server on 127.0.0.1 that answers JSON by method and path (query included), for
 * tests of REST clients against the real wire format. Unknown routes answer 404.
 */
export async function startJsonServer(
  routes: Record<string, Answer | ((req: IncomingMessage) => Answer)>,
): Promise<{ url: string; seen: SeenRequest[]; close: () => Promise<void> }> {
  const seen: SeenRequest[] = [];
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const key = `${req.method} ${req.url}`;
      seen.push({
        method: req.method ?? "",
        url: req.url ?? "",
        authorization: req.headers.authorization,
      });
      const route = routes[key];
      const answer: Answer =
        route === undefined
          ? { status: 404, body: { error: { code: 404, message: `No route ${key}` } } }
          : typeof route === "function"
            ? route(req)
            : route;
      res.writeHead(answer.status, { "content-type": "application/json" });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
