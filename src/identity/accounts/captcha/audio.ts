/*
 * Audio CAPTCHA: the answer spoken character by character, for users who cannot see the image.
 * - only the clips recorded in clips.json (see generate-clips.ts) are played: no speech
 *   engine and no network at run time;
 * - a lead-in lets a screen reader finish announcing the player before the first character,
 *   and the pauses between characters leave time to type each one;
 * - pause lengths, each clip's speed and loudness, and a light background noise are random,
 *   so two renderings of one answer differ and the characters cannot be found by matching bytes;
 * - a character without a clip is refused: skipping it would ask for an answer no one can hear.
 */
import { randomBytes, randomInt } from "node:crypto";
import clipData from "./clips.json" with { type: "json" };
import { encodeWav } from "./wav.ts";

const SAMPLE_RATE = clipData.sampleRate;
const LEAD_IN_MS = 600;
const TAIL_MS = 400;
const MIN_GAP_MS = 600;
const MAX_GAP_MS = 900;
// Beyond ±6 % the voice starts to sound unnatural.
const MIN_SPEED_PERCENT = 94;
const MAX_SPEED_PERCENT = 106;
const MIN_GAIN_PERCENT = 75;
const MAX_GAIN_PERCENT = 100;
// About -40 dBFS RMS against clips peaking at -1 dBFS: heard, yet far below the consonants.
const NOISE_LEVEL = 0.04;

const clips = new Map(Object.entries(clipData.clips).map(([character, base64]) => [character, decodeMuLaw(Buffer.from(base64, "base64"))]));

// ITU-T G.711 mu-law, as written by sox in generate-clips.ts.
function decodeMuLaw(bytes: Uint8Array): Float32Array {
  const samples = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const code = ~bytes[i] & 0xff;
    const magnitude = ((((code & 0x0f) << 3) + 0x84) << ((code >> 4) & 0x07)) - 0x84;
    samples[i] = (code & 0x80 ? -magnitude : magnitude) / 32768;
  }
  return samples;
}

// Linear interpolation: its aliasing at these small ratios stays under the noise floor.
function changeSpeed(clip: Float32Array, speed: number): Float32Array {
  const out = new Float32Array(Math.floor((clip.length - 1) / speed) + 1);
  for (let i = 0; i < out.length; i++) {
    const position = i * speed;
    const before = Math.floor(position);
    const after = Math.min(before + 1, clip.length - 1);
    out[i] = clip[before] + (clip[after] - clip[before]) * (position - before);
  }
  return out;
}

function samplesIn(milliseconds: number): number {
  return Math.round((milliseconds * SAMPLE_RATE) / 1000);
}

function spokenClip(character: string): Float32Array {
  const clip = clips.get(character);
  if (!clip) {
    throw new RangeError(`No spoken clip for CAPTCHA character ${JSON.stringify(character)}`);
  }
  const speed = randomInt(MIN_SPEED_PERCENT, MAX_SPEED_PERCENT + 1) / 100;
  const gain = randomInt(MIN_GAIN_PERCENT, MAX_GAIN_PERCENT + 1) / 100;
  return changeSpeed(clip, speed).map((sample) => sample * gain);
}

// Low-passed white noise: a soft hiss is less tiring to listen through than a bright one.
function addNoise(samples: Float32Array): void {
  const random = randomBytes(samples.length);
  let smoothed = 0;
  for (let i = 0; i < samples.length; i++) {
    const white = random[i] / 127.5 - 1;
    smoothed += 0.3 * (white - smoothed);
    samples[i] += smoothed * NOISE_LEVEL;
  }
}

export function renderCaptchaWav(text: string): Buffer {
  if (text.length === 0) {
    throw new RangeError("A CAPTCHA needs at least one character to speak");
  }
  const spoken = [...text].map(spokenClip);
  const gaps = spoken.slice(1).map(() => samplesIn(randomInt(MIN_GAP_MS, MAX_GAP_MS + 1)));
  const length = samplesIn(LEAD_IN_MS) + spoken.reduce((sum, clip) => sum + clip.length, 0) + gaps.reduce((sum, gap) => sum + gap, 0) + samplesIn(TAIL_MS);

  const samples = new Float32Array(length);
  let offset = samplesIn(LEAD_IN_MS);
  spoken.forEach((clip, index) => {
    samples.set(clip, offset);
    offset += clip.length + (gaps[index] ?? 0);
  });
  addNoise(samples);
  return encodeWav(samples, SAMPLE_RATE);
}
