/*
 * The OpenCPMS Authenticator's service worker (scope /app/). Served by
 * identity (src/identity/app-page.ts), which puts before this text the
 * build's VERSION and the app shell's SHELL (its page, scripts, styles,
 * manifest and icons), so a new build installs a new worker.
 * - install: caches the shell, so the app starts and the Mobile App QR Code
 *   method works with no network at all;
 * - fetch: pages from the network, else the cached /app/; hashed assets from
 *   the cache, else the network; the API never from a cache;
 * - push: the service's title and text ("Sign-in waiting for your approval"
 *   when it gives none); a tap opens or focuses the app.
 */
/* global VERSION, SHELL */
const CACHE_PREFIX = "opencpms-authenticator-";
const CACHE = `${CACHE_PREFIX}${VERSION}`;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith(CACHE_PREFIX) && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(() => caches.match("/app/", { cacheName: CACHE })));
    return;
  }
  if (url.pathname.startsWith("/assets/") || SHELL.includes(url.pathname)) {
    event.respondWith(
      caches.match(request, { cacheName: CACHE }).then(
        (cached) =>
          cached ??
          fetch(request).then((response) => {
            if (response.ok && url.pathname.startsWith("/assets/")) {
              const copy = response.clone();
              caches.open(CACHE).then((cache) => cache.put(request, copy));
            }
            return response;
          }),
      ),
    );
  }
});

self.addEventListener("push", (event) => {
  let title = "Sign-in waiting for your approval";
  let body = "Open the OpenCPMS Authenticator to approve or deny it.";
  try {
    const data = event.data?.json();
    if (data && typeof data.title === "string") title = data.title;
    if (data && typeof data.body === "string") body = data.body;
  } catch {
    // A push without a JSON payload still announces a waiting sign-in.
  }
  event.waitUntil(
    self.registration.showNotification(title, {
      body,
      icon: "/app/icons/icon-192.png",
      badge: "/app/icons/icon-192.png",
      tag: "opencpms-sign-in",
      renotify: true,
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((client) => new URL(client.url).pathname.startsWith("/app/"));
      return open ? open.focus() : self.clients.openWindow("/app/");
    }),
  );
});
