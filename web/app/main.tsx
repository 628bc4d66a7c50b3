/* The OpenCPMS Authenticator's entry: renders the app and registers its service worker (offline shell, push notifications). */
import "./app.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App.tsx";

createRoot(document.getElementById("root") as HTMLElement).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/app/service-worker.js", { scope: "/app/" }).catch(() => {
    // Without a service worker the app still works online; only offline start and notifications are lost.
  });
}
