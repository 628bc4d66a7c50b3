/*
 * Timing requests the way a user makes them: one after another over a
 * keep-alive connection on loopback, after a warm-up; any answer but 200
 * stops the bench. Figures: median, p95 and max in milliseconds.
 */
import http from "node:http";
import { performance } from "node:perf_hooks";

export type Answer = { status: number; body: string };

export function get(agent: http.Agent, port: number, path: string, cookie: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, path, agent, headers: { cookie } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const round = (n: number) => Number(n.toFixed(2));

export type Timing = { requests: number; medianMs: number; p95Ms: number; maxMs: number };

/** Sends `requests` requests cycling through `paths` after `warmUp` unmeasured ones; `seen` gets each measured answer. */
export async function timeRequests(
  paths: string[],
  options: { requests: number; warmUp: number },
  send: (path: string) => Promise<Answer>,
  seen: (answer: Answer) => void = () => {},
): Promise<Timing> {
  for (let i = 0; i < options.warmUp; i++) await send(paths[i % paths.length]);
  const latencies: number[] = [];
  for (let i = 0; i < options.requests; i++) {
    const path = paths[i % paths.length];
    const started = performance.now();
    const answer = await send(path);
    latencies.push(performance.now() - started);
    if (answer.status !== 200) throw new Error(`${path} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
    seen(answer);
  }
  latencies.sort((a, b) => a - b);
  return {
    requests: options.requests,
    medianMs: round(percentile(latencies, 50)),
    p95Ms: round(percentile(latencies, 95)),
    maxMs: round(latencies.at(-1) ?? 0),
  };
}
