/*
 * "Create an account" with the CAPTCHA on: the code is shown as an image that
 * loads, can be listened to, can be replaced; a wrong code is refused next to
 * its field, replaced by a new one, and no mail leaves.
 */
import assert from "node:assert/strict";
import { describe } from "node:test";
import type { Page } from "playwright-core";
import { eventually, readOutbox } from "./support/browser.ts";
import { expectFieldError, pathOf, useJourney } from "./support/journey.ts";

const person = { firstName: "Jonas", lastName: "Berg", email: "jonas.berg@karolinska.example.org" };
const CODE_ALT = "Code to type: letters and digits";
// "B" is not in the CAPTCHA alphabet, so this answer is wrong whatever the image.
const WRONG_CODE = "BBBBBB";
const WRONG_CODE_ERROR = "The code you entered does not match the image. Please type the new code shown.";

/** The src of the code image once it has loaded and has a size. */
async function loadedCodeImage(page: Page, notSrc?: string): Promise<string> {
  const image = page.getByRole("img", { name: CODE_ALT });
  return eventually(`the code image to load${notSrc ? ` with a src other than ${notSrc}` : ""}`, async () => {
    const state = await image.evaluate((element) => {
      const img = element as HTMLImageElement;
      return { src: img.getAttribute("src") ?? "", complete: img.complete, naturalWidth: img.naturalWidth };
    });
    return state.complete && state.naturalWidth > 0 && state.src !== notSrc && state.src;
  });
}

describe("Create an account with the CAPTCHA on", () => {
  const journey = useJourney("captcha", { CAPTCHA: "on" });
  const { step, page } = journey;

  step("the code image loads, can be listened to, and “Show another code” replaces it", async () => {
    const p = page();
    await p.goto(`${journey.identity()}/register`);
    await p.getByRole("heading", { name: "Create an account" }).waitFor();
    await p.getByRole("textbox", { name: "Enter the code" }).waitFor();

    const firstSrc = await loadedCodeImage(p);
    const [, captchaId] = /^\/api\/captcha\/([^/]+)\/image\.svg$/.exec(firstSrc) ?? [];
    assert.ok(captchaId, `the image comes from this service's CAPTCHA: ${firstSrc}`);
    const size = await p.getByRole("img", { name: CODE_ALT }).boundingBox();
    assert.ok(size && size.width >= 150 && size.height >= 40, `the image is drawn large enough to read: ${JSON.stringify(size)}`);

    const listen = p.getByRole("button", { name: "Listen to the code" });
    assert.equal(await listen.isVisible(), true);
    const audioSrc = await p.locator("audio").getAttribute("src");
    assert.equal(audioSrc, `/api/captcha/${captchaId}/audio.wav`, "the audio speaks the code of the image shown");
    const audio = await p.evaluate(async (src) => {
      const response = await fetch(src);
      const bytes = new Uint8Array(await response.arrayBuffer());
      const ascii = (from: number, to: number) => String.fromCharCode(...bytes.slice(from, to));
      return { status: response.status, type: response.headers.get("content-type"), riff: ascii(0, 4), wave: ascii(8, 12), length: bytes.length };
    }, audioSrc);
    assert.equal(audio.status, 200);
    assert.match(audio.type ?? "", /^audio\/wav\b/);
    assert.deepEqual({ riff: audio.riff, wave: audio.wave }, { riff: "RIFF", wave: "WAVE" }, "the answer is a WAV file");
    assert.ok(audio.length > 8_000, `the recording is not empty (${audio.length} bytes)`);

    await listen.click();
    await eventually("the code to be played after “Listen to the code”", async () =>
      p.locator("audio").evaluate((element) => {
        const player = element as HTMLAudioElement;
        return player.error === null && (player.ended || (!player.paused && player.currentTime > 0));
      }),
    );

    await p.getByRole("button", { name: "Show another code" }).click();
    const secondSrc = await loadedCodeImage(p, firstSrc);
    assert.notEqual(secondSrc, firstSrc);
    const newAudioSrc = await p.locator("audio").getAttribute("src");
    assert.equal(newAudioSrc, secondSrc.replace(/image\.svg$/, "audio.wav"), "the audio follows the new code");
  });

  step("a wrong code is refused next to “Enter the code”, a new code is shown, and no mail is sent", async () => {
    const p = page();
    await p.getByRole("textbox", { name: "First name" }).fill(person.firstName);
    await p.getByRole("textbox", { name: "Last name" }).fill(person.lastName);
    await p.getByRole("textbox", { name: "E-mail", exact: true }).fill(person.email);
    await p.getByRole("textbox", { name: "Confirm e-mail" }).fill(person.email);
    await p.getByRole("checkbox", { name: /privacy statement/ }).check();
    const code = p.getByRole("textbox", { name: "Enter the code" });
    await code.fill(WRONG_CODE);
    const refusedSrc = await loadedCodeImage(p);

    await p.getByRole("button", { name: "Create an account" }).click();
    await expectFieldError(code, WRONG_CODE_ERROR);
    const newSrc = await loadedCodeImage(p, refusedSrc);
    assert.notEqual(newSrc, refusedSrc, "a code is good for one try: a new one is shown");
    assert.equal(await code.inputValue(), "", "the code field is emptied for the new code");
    assert.equal(await p.getByRole("textbox", { name: "E-mail", exact: true }).inputValue(), person.email, "the rest of the form is kept");
    assert.equal(await p.getByRole("checkbox", { name: /privacy statement/ }).isChecked(), true);
    assert.equal(await p.getByRole("heading", { name: "Check your mailbox" }).count(), 0);
    assert.equal(pathOf(p), "/register");

    // The refused code's image is gone on the server too.
    const oldImage = await p.evaluate(async (src) => (await fetch(src)).status, refusedSrc);
    assert.equal(oldImage, 404, "the refused code cannot be tried again");

    const mails = await readOutbox(p, journey.identity());
    assert.deepEqual(
      mails.filter((mail) => mail.to === person.email),
      [],
      "no mail goes to the address",
    );
    await p.getByText("No messages yet.").waitFor();
  });
});
