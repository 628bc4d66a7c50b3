/*
 * A fetch that goes through a service's Fastify inject, for clients under
 * test (the OpenCPMS Authenticator's logic) that speak to a service by URL:
 * the whole HTTP stack runs, without a listening port. Streams (server-sent
 * events) need a listening server instead: inject waits for the end.
 */
import type { Server } from "../http/server.ts";

export function injectFetch(app: Server, options: { ip?: string } = {}): typeof fetch {
  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const response = await app.inject({
      method: (init.method ?? "GET") as "GET",
      url: `${url.pathname}${url.search}`,
      headers,
      remoteAddress: options.ip ?? "198.18.200.1",
      ...(init.body === undefined || init.body === null ? {} : { payload: String(init.body) }),
    });
    const responseHeaders = new Headers();
    for (const [name, value] of Object.entries(response.headers)) {
      if (value === undefined) continue;
      for (const item of Array.isArray(value) ? value : [value]) responseHeaders.append(name, String(item));
    }
    return new Response(response.statusCode === 204 ? null : new Uint8Array(response.rawPayload), { status: response.statusCode, headers: responseHeaders });
  }) as typeof fetch;
}
