import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";
import "./i18n.ts";
import { MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { ApiError } from "../ui/api.ts";
import { theme } from "../ui/theme.ts";
import { App } from "./App.tsx";

// A session that ended meanwhile (idle, signed out elsewhere), or rights that changed: ask again who is signed in.
const queryCache: QueryCache = new QueryCache({
  onError: (error, query) => {
    if (!(error instanceof ApiError) || query.queryKey[0] === "session" || query.queryKey[0] === "me") return;
    if (error.status === 401) void queryClient.invalidateQueries({ queryKey: ["session"] });
    if (error.status === 401 || error.code === "no_cpms_rights") void queryClient.invalidateQueries({ queryKey: ["me"] });
  },
});
const queryClient = new QueryClient({ queryCache, defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });

createRoot(document.getElementById("root") as HTMLElement).render(
  <StrictMode>
    <MantineProvider theme={theme}>
      <Notifications position="bottom-right" />
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <App />
        </BrowserRouter>
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
