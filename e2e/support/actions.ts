/* What a person does on the way to what a journey tests: sign in with the password, open My Account, sign out. */
import type { Page } from "playwright-core";

export async function signInWithPassword(p: Page, identity: string, email: string, password: string): Promise<void> {
  await p.goto(`${identity}/login`);
  await p.getByRole("textbox", { name: "Use your e-mail address" }).fill(email);
  await p.getByRole("button", { name: "Next" }).click();
  await p.getByLabel(/^Password/).fill(password);
  await p.getByRole("button", { name: "Sign in", exact: true }).click();
  await p.getByRole("heading", { name: /^Welcome, / }).waitFor();
}

/** The gear at the top right, "My Account", then one of its entries. */
export async function openMyAccount(p: Page, entry: string): Promise<void> {
  await p.getByRole("button", { name: "Account menu" }).click();
  await p.getByRole("menuitem", { name: "My Account" }).click();
  await p.getByRole("heading", { name: "My Account" }).waitFor();
  await p.getByRole("link", { name: entry }).click();
  await p.getByRole("heading", { name: entry }).waitFor();
}

export async function signOut(p: Page): Promise<void> {
  await p.getByRole("button", { name: "Account menu" }).click();
  await p.getByRole("menuitem", { name: "Sign out" }).click();
  await p.getByRole("heading", { name: "Welcome back" }).waitFor();
}
