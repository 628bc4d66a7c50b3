/* opencpms users add --email … --first … --last … [--password …] */
import { parseArgs } from "node:util";
import { loadConfigOrExit } from "../platform/config.ts";
import { addUser } from "../identity/accounts/add-user.ts";
import { openForCli } from "./database.ts";

export async function usersCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== "add") {
    console.error("Usage: opencpms users add --email EMAIL --first FIRST_NAME --last LAST_NAME [--password PASSWORD] [--admin]");
    return 2;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: "string" },
      first: { type: "string" },
      last: { type: "string" },
      password: { type: "string" },
      locale: { type: "string" },
      admin: { type: "boolean", default: false },
    },
  });
  const missing = (["email", "first", "last"] as const).filter((name) => !values[name]);
  if (missing.length) {
    console.error(`Missing ${missing.map((name) => `--${name}`).join(", ")}.`);
    return 2;
  }
  const config = loadConfigOrExit();
  const database = await openForCli(config);
  try {
    const user = await addUser(database.db, config, {
      email: values.email as string,
      firstName: values.first as string,
      lastName: values.last as string,
      password: values.password,
      locale: values.locale,
      isAdmin: values.admin,
    });
    console.log(
      values.password
        ? `Account ${user.email} created (id ${user.id}); it can sign in now.`
        : `Account ${user.email} created (id ${user.id}); a mail with a link to create the password is in the outbox.`,
    );
    return 0;
  } finally {
    await database.close();
  }
}
