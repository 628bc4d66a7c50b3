/*
 * A small browser for tests over Fastify's inject: it keeps cookies like a
 * browser and sends the CSRF token on state-changing requests, as the web UI
 * does, so tests exercise the real HTTP stack and its protections.
 */
import type { Server } from "../http/server.ts";

let browsers = 0;
function nextAddress(): string {
  browsers++;
  return `198.18.${Math.floor(browsers / 250) % 250}.${(browsers % 250) + 1}`;
}

// Bodies are whatever JSON the endpoint answers: tests read the fields they assert on.
// biome-ignore lint/suspicious/noExplicitAny: see above
type Reply = { status: number; body: any; headers: Record<string, unknown> };

export class TestBrowser {
  readonly app: Server;
  readonly cookies = new Map<string, string>();
  readonly ip: string;
  private csrf: string | undefined;

  // Each browser comes from its own address (a documentation range), as separate people would.
  constructor(app: Server, ip = nextAddress()) {
    this.app = app;
    this.ip = ip;
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  private keepCookies(setCookie: unknown): void {
    const list = Array.isArray(setCookie) ? setCookie : setCookie ? [String(setCookie)] : [];
    for (const line of list) {
      const [pair, ...attributes] = String(line).split(";");
      const [name, ...value] = pair.split("=");
      const isExpired = attributes.some((a) => /expires=Thu, 01 Jan 1970/i.test(a) || /max-age=0\b/i.test(a.trim()));
      if (isExpired) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value.join("="));
    }
  }

  async request(method: string, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    if (method !== "GET" && this.csrf === undefined && !("x-csrf-token" in headers)) {
      this.csrf = (await this.request("GET", "/api/csrf")).body.token;
    }
    const response = await this.app.inject({
      method: method as "GET",
      url,
      remoteAddress: this.ip,
      headers: {
        cookie: this.cookieHeader(),
        ...(method !== "GET" && this.csrf ? { "x-csrf-token": this.csrf } : {}),
        ...headers,
      },
      ...(body === undefined ? {} : { payload: body as object }),
    });
    this.keepCookies(response.headers["set-cookie"]);
    const isJson = String(response.headers["content-type"] ?? "").includes("json");
    return { status: response.statusCode, body: isJson ? response.json() : response.body, headers: response.headers };
  }

  get(url: string) {
    return this.request("GET", url);
  }

  post(url: string, body: unknown = {}) {
    return this.request("POST", url, body);
  }
}
