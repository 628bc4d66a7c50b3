/*
 * The whole system for a test: real database (see test-database.ts), real
 * services, real outbox. With `listen`, each service listens on a free
 * loopback port and its public URL points there (browser journeys, benches).
 */
import net from "node:net";
import { loadConfig, SERVICE_NAMES } from "../config.ts";
import { startSystem, type System } from "../../system.ts";
import { openTestDatabase } from "./test-database.ts";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startTestSystem(env: Record<string, string> = {}, options: { listen?: boolean } = {}): Promise<System> {
  const ports: Record<string, string> = {};
  if (options.listen) {
    for (const service of SERVICE_NAMES) ports[`${service.toUpperCase()}_PORT`] = String(await freePort());
  }
  const config = loadConfig({
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    CAPTCHA: "off",
    DEMO_DATA: "off",
    RATE_LIMIT_PER_MINUTE: "100000",
    DATA_DIR: "/nonexistent-test-data-dir",
    ...ports,
    ...env,
  });
  const database = await openTestDatabase();
  try {
    return await startSystem(config, { database, listen: options.listen ?? false });
  } catch (error) {
    await database.close();
    throw error;
  }
}
