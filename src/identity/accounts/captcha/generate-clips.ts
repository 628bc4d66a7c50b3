/*
 * Development-time generator of clips.json, the spoken characters of the audio CAPTCHA.
 * Run: node src/identity/accounts/captcha/generate-clips.ts
 * Needs espeak-ng and sox on the PATH (Debian: apt-get install -y espeak-ng sox);
 * the server never runs either, it only reads the committed clips.json.
 * - one clip per character of CAPTCHA_ALPHABET, so the alphabet and the clips cannot drift apart;
 * - each character is spoken by its English name ("aitch", "double-you", "seven") through
 *   SSML say-as characters, never as a word, so "A" is not read as the article;
 * - 16 kHz keeps the fricatives (/s/ in "six", /f/ in "four") that tell names apart,
 *   which 8 kHz telephone band would blur; mu-law (G.711) keeps the quiet consonants
 *   audible in 8 bits per sample, which linear 8-bit PCM would drown in quantisation noise;
 * - leading and trailing silence is trimmed, so the pauses are set by audio.ts alone,
 *   and each clip is peak-normalised so that every character is equally loud.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { CAPTCHA_ALPHABET } from "./challenge.ts";

const VOICE = "en-us";
const WORDS_PER_MINUTE = 140;
const SAMPLE_RATE = 16000;

function speak(character: string): Buffer {
  const ssml = `<speak><say-as interpret-as="characters">${character}</say-as></speak>`;
  const espeakOptions = ["-v", VOICE, "-s", String(WORDS_PER_MINUTE), "-m", "--stdout", ssml];
  const wav = execFileSync("espeak-ng", espeakOptions);
  // biome-ignore format: one sox option and its value per pair reads like the command line
  return execFileSync("sox", [
    "-R", // repeatable dither, so regenerating gives the same bytes
    "-t", "wav", "-",
    "-t", "raw", "-r", String(SAMPLE_RATE), "-c", "1", "-e", "mu-law", "-b", "8", "-",
    // Trim and fade each end in turn, reversing in between: espeak-ng streams a WAV of
    // unknown length, so sox cannot address the end directly. The fades stop the cut edges clicking.
    "silence", "1", "0.01", "0.5%", "fade", "h", "0.005", "reverse",
    "silence", "1", "0.01", "0.5%", "fade", "h", "0.015", "reverse",
    "gain", "-n", "-1",
  ], { input: wav });
}

const versions = {
  espeakNg: execFileSync("espeak-ng", ["--version"]).toString().trim().split(/\s+/)[3],
  sox: execFileSync("sox", ["--version"])
    .toString()
    .trim()
    .replace(/^.*SoX /, ""),
};

const clips: Record<string, string> = {};
for (const character of CAPTCHA_ALPHABET) {
  clips[character] = speak(character).toString("base64");
}

const output = {
  sampleRate: SAMPLE_RATE,
  encoding: "mu-law",
  source: { ...versions, voice: VOICE, wordsPerMinute: WORDS_PER_MINUTE },
  clips,
};
writeFileSync(new URL("./clips.json", import.meta.url), `${JSON.stringify(output, null, 2)}\n`);
