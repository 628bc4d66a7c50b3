/*
 * Reads a QR code: the camera (BarcodeDetector where the browser has it,
 * otherwise jsQR on the video's frames) or the code's text pasted by hand.
 * Only the links of OpenCPMS Login are accepted; the camera stops as soon as
 * one is read and when the screen closes.
 */
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { NOT_A_LINK } from "../../src/identity/factors/mobile-app/authenticator.ts";
import { parseAppLink } from "../../src/identity/factors/mobile-app/protocol.ts";

type Kind = "init" | "qr";
type Detector = { detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]> };
type Decode = (data: Uint8ClampedArray, width: number, height: number, options?: { inversionAttempts?: "dontInvert" }) => { data: string } | null;
type DetectorClass = new (options: { formats: string[] }) => Detector;

const SCAN_EVERY_MS = 200;

export function Scanner({ kind, onLink }: { kind: Kind; onLink: (link: string) => void }) {
  const video = useRef<HTMLVideoElement>(null);
  const [camera, setCamera] = useState<"starting" | "on" | "unavailable">("starting");
  const [text, setText] = useState("");
  const [error, setError] = useState("");
  const pasteId = useId();

  const onLinkRef = useRef(onLink);
  onLinkRef.current = onLink;

  useEffect(() => {
    let stopped = false;
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    (async () => {
      try {
        if (!navigator.mediaDevices?.getUserMedia) throw new Error("no camera");
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
        if (stopped || !video.current) return;
        video.current.srcObject = stream;
        await video.current.play();
        setCamera("on");
        const read = await frameReader(video.current);
        const scan = async () => {
          if (stopped) return;
          const found = await read().catch(() => null);
          if (found && isLink(found, kind)) return onLinkRef.current(found.trim());
          timer = setTimeout(scan, SCAN_EVERY_MS);
        };
        scan();
      } catch {
        if (!stopped) setCamera("unavailable");
      }
    })();
    return () => {
      stopped = true;
      clearTimeout(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [kind]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!isLink(text, kind)) return setError(NOT_A_LINK);
    setError("");
    onLink(text.trim());
  };

  return (
    <div className="scanner">
      {camera !== "unavailable" && <video ref={video} className="camera" muted playsInline aria-label="Camera" />}
      <p className="hint">
        {camera === "unavailable"
          ? "The camera is not available. Paste the code's text below instead."
          : "Point the camera at the QR code on your computer screen until it is recognised."}
      </p>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={pasteId}>Paste the code's text</label>
          <input
            id={pasteId}
            type="text"
            autoComplete="off"
            spellCheck={false}
            value={text}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${pasteId}-error` : undefined}
            onChange={(event) => setText(event.target.value)}
          />
          {error && (
            <p className="error" id={`${pasteId}-error`}>
              {error}
            </p>
          )}
        </div>
        <button type="submit" className="secondary">
          Continue
        </button>
      </form>
    </div>
  );
}

const isLink = (text: string, kind: Kind) => parseAppLink(text)?.kind === kind;

/** A function that reads a QR code from the video's current frame, or null. */
async function frameReader(source: HTMLVideoElement): Promise<() => Promise<string | null>> {
  const Native = (globalThis as { BarcodeDetector?: DetectorClass }).BarcodeDetector;
  if (Native) {
    const detector = new Native({ formats: ["qr_code"] });
    return async () => (await detector.detect(source))[0]?.rawValue ?? null;
  }
  // jsQR is a CommonJS module: its function is the default export or that export's own `default`.
  const loaded = (await import("jsqr")).default as unknown as Decode | { default: Decode };
  const jsQR = typeof loaded === "function" ? loaded : loaded.default;
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d", { willReadFrequently: true });
  return async () => {
    if (!context || !source.videoWidth) return null;
    canvas.width = source.videoWidth;
    canvas.height = source.videoHeight;
    context.drawImage(source, 0, 0);
    const frame = context.getImageData(0, 0, canvas.width, canvas.height);
    return jsQR(frame.data, frame.width, frame.height, { inversionAttempts: "dontInvert" })?.data ?? null;
  };
}
