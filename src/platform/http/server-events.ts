/*
 * Server-sent events (text/event-stream) for pages and apps that wait on
 * something another party does (a phone approving a sign-in…).
 *
 * The stream reads its state from the database, so it works whichever
 * instance made the change: it re-reads every `pollMs`, and at once when
 * this instance calls wake() with one of its keys. It sends a state only
 * when it changed, ends after `until` or `maxSeconds` (EventSource then
 * reconnects by itself), and keeps proxies from closing it with a comment
 * line every 15 seconds.
 */
import { EventEmitter } from "node:events";
import type { FastifyReply, FastifyRequest } from "fastify";

const wakeUps = new EventEmitter();
wakeUps.setMaxListeners(0);

/** Tells this instance's streams listening on `key` to read again now. */
export function wake(key: string): void {
  wakeUps.emit(key);
}

export type ServerEvent = { event: string; data: unknown };

export type EventStreamOptions = {
  keys: string[];
  read: () => Promise<ServerEvent | undefined>;
  /** After sending this event, the stream ends. */
  until?: (event: ServerEvent) => boolean;
  pollMs?: number;
  maxSeconds?: number;
};

const HEARTBEAT_MS = 15_000;

// The open streams of each HTTP server, ended when it closes (they would hold its close for minutes).
const openStreams = new WeakMap<object, Set<() => void>>();

/** Ends every stream of `server`, the Node HTTP server (the service's preClose hook, see server.ts). */
export function endEventStreams(server: object): void {
  for (const end of openStreams.get(server) ?? []) end();
}

export async function sendEventStream(request: FastifyRequest, reply: FastifyReply, options: EventStreamOptions): Promise<void> {
  const pollMs = options.pollMs ?? 1000;
  const endAt = Date.now() + (options.maxSeconds ?? 300) * 1000;
  reply.hijack();
  const out = reply.raw;
  out.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-store",
    connection: "keep-alive",
    "x-accel-buffering": "no",
    "x-content-type-options": "nosniff",
  });
  let closed = false;
  let wakeUp: () => void = () => {};
  const onWake = () => wakeUp();
  for (const key of options.keys) wakeUps.on(key, onWake);
  const onClose = () => {
    closed = true;
    wakeUp();
  };
  request.raw.on("close", onClose);
  const streams = openStreams.get(request.server.server) ?? new Set();
  openStreams.set(request.server.server, streams);
  streams.add(onClose);
  let last = "";
  let lastWrite = Date.now();
  try {
    out.write("retry: 2000\n\n");
    while (!closed && Date.now() < endAt) {
      const event = await options.read();
      if (event) {
        const data = JSON.stringify(event.data);
        if (`${event.event}\n${data}` !== last) {
          last = `${event.event}\n${data}`;
          out.write(`event: ${event.event}\ndata: ${data}\n\n`);
          lastWrite = Date.now();
          if (options.until?.(event)) break;
        }
      }
      if (Date.now() - lastWrite >= HEARTBEAT_MS) {
        out.write(": still here\n\n");
        lastWrite = Date.now();
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(pollMs, Math.max(0, endAt - Date.now())));
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  } catch (error) {
    request.log.error(error);
  } finally {
    for (const key of options.keys) wakeUps.off(key, onWake);
    request.raw.off("close", onClose);
    streams.delete(onClose);
    out.end();
  }
}
