import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { renderCaptchaWav } from "./audio.ts";
import { CAPTCHA_ALPHABET, generateCaptchaText, normaliseCaptchaAnswer } from "./challenge.ts";
import { renderCaptchaSvg } from "./image.ts";

describe("CAPTCHA text", () => {
  it("uses distinct upper-case characters and none of the ambiguous ones", () => {
    assert.equal(new Set(CAPTCHA_ALPHABET).size, CAPTCHA_ALPHABET.length);
    assert.match(CAPTCHA_ALPHABET, /^[A-Z0-9]+$/);
    for (const ambiguous of "0ODQ1IL2Z5S8BGVEPN") {
      assert.ok(!CAPTCHA_ALPHABET.includes(ambiguous), `${ambiguous} should be excluded`);
    }
  });

  it("draws the requested number of characters from the alphabet", () => {
    assert.equal(generateCaptchaText().length, 6);
    for (let i = 0; i < 200; i++) {
      const text = generateCaptchaText(8);
      assert.equal(text.length, 8);
      for (const character of text) assert.ok(CAPTCHA_ALPHABET.includes(character), text);
    }
  });

  it("draws different texts", () => {
    const texts = new Set(Array.from({ length: 50 }, () => generateCaptchaText()));
    assert.ok(texts.size > 45);
  });

  it("refuses lengths that are not positive integers", () => {
    for (const length of [0, -1, 2.5, Number.NaN]) {
      assert.throws(() => generateCaptchaText(length), RangeError);
    }
  });

  it("normalises typed answers", () => {
    assert.equal(normaliseCaptchaAnswer("  a c f\t3 \n"), "ACF3");
    assert.equal(normaliseCaptchaAnswer("hk7mxw"), "HK7MXW");
    assert.equal(normaliseCaptchaAnswer("ＡＣ３"), "AC3");
    assert.equal(normaliseCaptchaAnswer(""), "");
  });
});

describe("CAPTCHA image", () => {
  const text = "ACFHJK";
  const svg = renderCaptchaSvg(text);

  it("is an SVG of glyph outlines and noise curves", () => {
    assert.ok(svg.startsWith("<svg"));
    assert.ok(svg.endsWith("</svg>"));
    assert.match(svg, /width="200" height="60"/);
    const paths = svg.match(/<path\b[^>]*\/>/g) ?? [];
    const glyphs = paths.filter((path) => !path.includes('fill="none"'));
    assert.equal(glyphs.length, text.length);
    assert.ok(paths.length > glyphs.length, "noise curves expected");
  });

  it("does not reveal the answer in the markup", () => {
    assert.ok(!svg.includes("<text"));
    assert.ok(!svg.toUpperCase().includes(text));
    for (let i = 0; i < 20; i++) {
      const answer = generateCaptchaText();
      assert.ok(!renderCaptchaSvg(answer).toUpperCase().includes(answer));
    }
  });

  it("differs between renderings of the same text", () => {
    assert.notEqual(renderCaptchaSvg(text), svg);
  });

  it("refuses an empty text", () => {
    assert.throws(() => renderCaptchaSvg(""), RangeError);
  });
});

interface WavHeader {
  format: number;
  channels: number;
  sampleRate: number;
  byteRate: number;
  blockAlign: number;
  bitsPerSample: number;
  dataBytes: number;
}

function readWavHeader(wav: Buffer): WavHeader {
  assert.equal(wav.toString("ascii", 0, 4), "RIFF");
  assert.equal(wav.readUInt32LE(4), wav.length - 8);
  assert.equal(wav.toString("ascii", 8, 12), "WAVE");
  assert.equal(wav.toString("ascii", 12, 16), "fmt ");
  assert.equal(wav.readUInt32LE(16), 16);
  assert.equal(wav.toString("ascii", 36, 40), "data");
  return {
    format: wav.readUInt16LE(20),
    channels: wav.readUInt16LE(22),
    sampleRate: wav.readUInt32LE(24),
    byteRate: wav.readUInt32LE(28),
    blockAlign: wav.readUInt16LE(32),
    bitsPerSample: wav.readUInt16LE(34),
    dataBytes: wav.readUInt32LE(40),
  };
}

function seconds(wav: Buffer): number {
  const header = readWavHeader(wav);
  return header.dataBytes / header.byteRate;
}

describe("CAPTCHA audio", () => {
  const wav = renderCaptchaWav("ACFHJK");

  it("is a 16-bit mono PCM WAV whose header matches its data", () => {
    const { dataBytes, ...format } = readWavHeader(wav);
    assert.deepEqual(format, {
      format: 1,
      channels: 1,
      sampleRate: 16000,
      byteRate: 32000,
      blockAlign: 2,
      bitsPerSample: 16,
    });
    assert.equal(dataBytes, wav.length - 44);
    assert.equal(dataBytes % format.blockAlign, 0);
  });

  it("lasts a few seconds for six characters, longer for more", () => {
    const duration = seconds(wav);
    assert.ok(duration > 2 && duration < 15, `${duration} s`);
    assert.ok(seconds(renderCaptchaWav("ACF")) < seconds(renderCaptchaWav("ACFACF")));
    assert.ok(seconds(renderCaptchaWav("A")) > 1);
  });

  it("is loud where characters are spoken and quiet in the lead-in", () => {
    const peak = (from: number, to: number) => {
      let max = 0;
      for (let offset = 44 + from * 2; offset < 44 + to * 2; offset += 2) {
        max = Math.max(max, Math.abs(wav.readInt16LE(offset)));
      }
      return max / 32768;
    };
    const samples = (wav.length - 44) / 2;
    assert.ok(peak(0, 8000) < 0.1, "lead-in should hold only light noise");
    assert.ok(peak(0, 8000) > 0, "lead-in should hold noise, not digital silence");
    assert.ok(peak(8000, samples) > 0.5, "speech expected");
  });

  it("speaks every character of the alphabet and refuses others", () => {
    assert.doesNotThrow(() => renderCaptchaWav(CAPTCHA_ALPHABET));
    assert.throws(() => renderCaptchaWav("A0"), RangeError);
    assert.throws(() => renderCaptchaWav("a"), RangeError);
    assert.throws(() => renderCaptchaWav(""), RangeError);
  });

  it("differs between renderings of the same text", () => {
    assert.notDeepEqual(renderCaptchaWav("ACFHJK"), wav);
  });
});
