/*
 * Following a status the server decides:
 * - useServerEvents listens to a server-sent-event stream of the service
 *   while `url` is set: each `event` message's JSON goes to `onData`. On an
 *   error `onError` is told the stream's state: EventSource.CLOSED when the
 *   server refused it, CONNECTING when it dropped and the browser is
 *   reconnecting; the page may then poll instead (setting `url` to null
 *   closes the stream);
 * - usePolling asks `url` every `everyMs` while it is set, for when the
 *   stream cannot be used.
 */
import { useEffect, useRef } from "react";
import { api } from "../../../../ui/api.ts";

/** The latest callbacks, for effects that must not restart when a render makes new ones. */
function useLatest<T>(value: T) {
  const ref = useRef(value);
  useEffect(() => {
    ref.current = value;
  });
  return ref;
}

export function useServerEvents<T>(url: string | null, event: string, onData: (data: T) => void, onError?: (readyState: number) => void): void {
  const handlers = useLatest({ onData, onError });
  useEffect(() => {
    if (!url) return;
    const source = new EventSource(url);
    source.addEventListener(event, (message) => handlers.current.onData(JSON.parse((message as MessageEvent<string>).data) as T));
    source.onerror = () => handlers.current.onError?.(source.readyState);
    return () => source.close();
  }, [url, event, handlers]);
}

export function usePolling<T>(url: string | null, everyMs: number, onData: (data: T) => void, onError: (error: unknown) => void): void {
  const handlers = useLatest({ onData, onError });
  useEffect(() => {
    if (!url) return;
    const timer = setInterval(() => {
      api<T>(url).then(
        (data) => handlers.current.onData(data),
        (error: unknown) => handlers.current.onError(error),
      );
    }, everyMs);
    return () => clearInterval(timer);
  }, [url, everyMs, handlers]);
}
