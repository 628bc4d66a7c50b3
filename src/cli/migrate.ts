import { loadConfigOrExit } from "../platform/config.ts";
import { openForCli } from "./database.ts";

export async function migrateCommand(): Promise<number> {
  const config = loadConfigOrExit();
  const database = await openForCli(config);
  await database.close();
  console.log(`Migrations applied for ${config.services.join(", ")}.`);
  return 0;
}
