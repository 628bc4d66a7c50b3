/*
 * CAPTCHA image: the answer drawn as outlines in an SVG.
 * - characters exist only as <path> outlines (svg-captcha's font), never as text in the markup;
 * - each glyph is turned and shifted at random and the whole picture is bent by random waves,
 *   so the path data of a glyph differs every time and cannot be matched against a stored shape;
 * - curves cross the text, so glyphs cannot be cut apart as separate dark regions;
 * - dark ink on an opaque white background stays legible on light and dark pages alike.
 */
import svgCaptcha from "svg-captcha";

const WIDTH = 200;
const HEIGHT = 60;
const FONT_SIZE = 44;
const NOISE_CURVES = 3;
const MAX_TILT_RADIANS = 0.3;
const MAX_LIFT_PX = 5;
const WAVE_AMPLITUDE_PX = 2.5;

interface RenderOptions {
  width: number;
  height: number;
  fontSize: number;
  noise: number;
}
// The package's typings leave out that module.exports itself renders a given text.
const renderOutlines = svgCaptcha as unknown as (text: string, options: RenderOptions) => string;

type Point = [number, number];
type Transform = (point: Point) => Point;

// Absolute commands only (M, L, Q, C, Z) are emitted, so the numbers are plain x, y pairs.
const PATH_TOKEN = /[A-Za-z]|-?(?:\d+\.?\d*|\.\d+)/g;

function mapPathPoints(d: string, transform: Transform): string {
  const tokens = d.match(PATH_TOKEN) ?? [];
  let mapped = "";
  for (let i = 0; i < tokens.length; i++) {
    if (/[A-Za-z]/.test(tokens[i])) {
      mapped += tokens[i];
      continue;
    }
    const [x, y] = transform([Number(tokens[i]), Number(tokens[i + 1])]);
    mapped += `${x.toFixed(2)} ${y.toFixed(2)} `;
    i++;
  }
  return mapped.trim();
}

function centreOf(d: string): Point {
  const values = (d.match(PATH_TOKEN) ?? []).filter((token) => !/[A-Za-z]/.test(token)).map(Number);
  const xs = values.filter((_, i) => i % 2 === 0);
  const ys = values.filter((_, i) => i % 2 === 1);
  return [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2];
}

function between(min: number, max: number): number {
  return min + Math.random() * (max - min);
}

function randomTilt(d: string): Transform {
  const [cx, cy] = centreOf(d);
  const angle = between(-MAX_TILT_RADIANS, MAX_TILT_RADIANS);
  const lift = between(-MAX_LIFT_PX, MAX_LIFT_PX);
  const [cos, sin] = [Math.cos(angle), Math.sin(angle)];
  return ([x, y]) => [cx + (x - cx) * cos - (y - cy) * sin, cy + lift + (x - cx) * sin + (y - cy) * cos];
}

function randomWaves(): Transform {
  const [xPeriod, yPeriod] = [between(25, 45), between(25, 45)];
  const [xPhase, yPhase] = [between(0, 2 * Math.PI), between(0, 2 * Math.PI)];
  return ([x, y]) => [x + WAVE_AMPLITUDE_PX * Math.sin(y / yPeriod + yPhase), y + WAVE_AMPLITUDE_PX * Math.sin(x / xPeriod + xPhase)];
}

export function renderCaptchaSvg(text: string): string {
  // svg-captcha would silently draw a random text of its own instead.
  if (text.length === 0) {
    throw new RangeError("A CAPTCHA needs at least one character to draw");
  }
  const svg = renderOutlines(text, {
    width: WIDTH,
    height: HEIGHT,
    fontSize: FONT_SIZE,
    noise: NOISE_CURVES,
  });
  const waves = randomWaves();
  const distorted = svg.replace(/<path\b[^>]*\/>/g, (path) =>
    path.replace(/ d="([^"]*)"/, (_, d: string) => {
      // Noise curves are unfilled; only glyphs get tilted, so the curves keep spanning the picture.
      const tilt = path.includes('fill="none"') ? (point: Point) => point : randomTilt(d);
      return ` d="${mapPathPoints(d, (point) => waves(tilt(point)))}"`;
    }),
  );
  return distorted.replace(/(<svg\b[^>]*>)/, '$1<rect width="100%" height="100%" fill="#fff"/>');
}
