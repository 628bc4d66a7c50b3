/*
 * A browser for tests over real HTTP (a listening system): it keeps cookies
 * per host like a browser (services on one host share them whatever the
 * port), sends the CSRF token on state-changing API calls, and follows
 * redirects one at a time so a test sees and checks each hop.
 */
export type Hop = { status: number; url: string; location: string | null; body: string; headers: Headers };

export class FetchBrowser {
  readonly cookies = new Map<string, string>();
  private csrf = new Map<string, string>();

  private keep(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const [name, ...value] = pair.split("=");
      const expired = attributes.some((a) => /expires=Thu, 01 Jan 1970/i.test(a) || /max-age=0\b/i.test(a.trim()));
      if (expired || value.join("=") === "") this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value.join("="));
    }
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  /** One request, no redirect followed. */
  async fetch(url: string | URL, init: { method?: string; body?: string | URLSearchParams; headers?: Record<string, string> } = {}): Promise<Hop> {
    const response = await fetch(url, {
      method: init.method ?? "GET",
      body: init.body,
      redirect: "manual",
      headers: { cookie: this.cookieHeader(), ...init.headers },
    });
    this.keep(response);
    const location = response.headers.get("location");
    return {
      status: response.status,
      url: String(url),
      location: location ? new URL(location, url).toString() : null,
      body: await response.text(),
      headers: response.headers,
    };
  }

  /** Follows redirects until one leaves for a URL `stop` says to stop at, or a page answers. Returns every hop. */
  async follow(url: string | URL, stop: (url: string) => boolean = () => false, limit = 20): Promise<Hop[]> {
    const hops: Hop[] = [];
    let next: string | null = String(url);
    while (next && hops.length < limit) {
      const hop = await this.fetch(next);
      hops.push(hop);
      next = hop.status >= 300 && hop.status < 400 && hop.location && !stop(hop.location) ? hop.location : null;
    }
    return hops;
  }

  /** A JSON API call the way the web UI makes it (CSRF token included). */
  // biome-ignore lint/suspicious/noExplicitAny: tests read the fields they assert on
  async api(origin: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    if (body !== undefined && !this.csrf.has(origin)) {
      const answer = await this.fetch(`${origin}/api/csrf`);
      this.csrf.set(origin, JSON.parse(answer.body).token);
    }
    const hop = await this.fetch(`${origin}${path}`, {
      method: body === undefined ? "GET" : "POST",
      body: body === undefined ? undefined : JSON.stringify(body),
      headers: body === undefined ? {} : { "content-type": "application/json", "x-csrf-token": this.csrf.get(origin) as string },
    });
    return { status: hop.status, body: hop.body ? JSON.parse(hop.body) : null };
  }
}
