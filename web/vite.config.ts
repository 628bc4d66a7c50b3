import path from "node:path";
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  plugins: [react()],
  build: {
    outDir: path.resolve(here, "../dist/web"),
    emptyOutDir: true,
    chunkSizeWarningLimit: 3000,
    rollupOptions: {
      input: {
        identity: path.resolve(here, "identity/index.html"),
        access: path.resolve(here, "access/index.html"),
        cpms: path.resolve(here, "cpms/index.html"),
        app: path.resolve(here, "app/index.html"),
      },
    },
  },
});
