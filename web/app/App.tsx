/*
 * The OpenCPMS Authenticator's screens, chosen by the address's hash (the QR
 * codes are links into the app, so a phone's camera opens the right one):
 * - `#/init/<token>`: initialise with the PIN; `#/qr/<question>`: the PIN,
 *   then the 8-digit sign-in code (offline);
 * - otherwise: the welcome screen until a device is initialised, then the
 *   home screen: each device's account and its sign-ins waiting for approval.
 */
import { useCallback, useEffect, useState } from "react";
import type { StoredDevice } from "../../src/identity/factors/mobile-app/authenticator.ts";
import { authenticator, errorMessage, goHome, linkFromHash } from "./authenticator.ts";
import { Biometrics } from "./Biometrics.tsx";
import { DeviceRequests } from "./DeviceRequests.tsx";
import { Initialise } from "./Initialise.tsx";
import { QrCode } from "./QrCode.tsx";
import { canNotify, enableNotifications } from "./push.ts";

type Screen = { name: "home" } | { name: "init"; link?: string } | { name: "qr"; link?: string };

function screenOf(hash: string): Screen {
  const link = linkFromHash(hash);
  if (link) return { name: link.kind, link: link.link };
  return { name: "home" };
}

export function App() {
  const [screen, setScreen] = useState<Screen>(() => screenOf(location.hash));
  const [devices, setDevices] = useState<StoredDevice[]>();

  const reload = useCallback(() => authenticator.store.list().then(setDevices), []);
  useEffect(() => {
    reload();
    const onHash = () => setScreen(screenOf(location.hash));
    window.addEventListener("hashchange", onHash);
    return () => window.removeEventListener("hashchange", onHash);
  }, [reload]);

  const home = () => {
    goHome();
    setScreen({ name: "home" });
    reload();
  };

  return (
    <>
      <header className="bar">
        <img src="/app/icons/icon.svg" alt="" width={28} height={28} />
        <span>OpenCPMS Authenticator</span>
      </header>
      <main>
        {screen.name === "init" && <Initialise link={screen.link} onDone={home} onCancel={home} />}
        {screen.name === "qr" && <QrCode link={screen.link} onDone={home} />}
        {screen.name === "home" && devices && !devices.length && <Welcome onInitialise={() => setScreen({ name: "init" })} />}
        {screen.name === "home" && devices && devices.length > 0 && (
          <Home devices={devices} onScan={() => setScreen({ name: "qr" })} onInitialise={() => setScreen({ name: "init" })} onChange={reload} />
        )}
      </main>
    </>
  );
}

function Welcome({ onInitialise }: { onInitialise: () => void }) {
  return (
    <section className="card" aria-labelledby="welcome">
      <h1 id="welcome">Welcome</h1>
      <p>
        Welcome to the OpenCPMS Authenticator! To enable authentication to an OpenCPMS Login protected application using this mobile device, you first have to
        link it to your OpenCPMS Login account by registering your device. Proceed as follows:
      </p>
      <ol>
        <li>On your laptop or desktop computer, sign in to OpenCPMS Login and open My Account → Manage my mobile devices → Add a mobile device.</li>
        <li>Give your device a name and choose a 4-digit PIN code, then “Submit”: a QR code is shown.</li>
        <li>Tap “Initialise” below and scan that QR code.</li>
      </ol>
      <button type="button" onClick={onInitialise}>
        Initialise
      </button>
    </section>
  );
}

function Home({ devices, onScan, onInitialise, onChange }: { devices: StoredDevice[]; onScan: () => void; onInitialise: () => void; onChange: () => void }) {
  const [notifications, setNotifications] = useState(() => (canNotify() ? Notification.permission : "unsupported"));
  const [notifyError, setNotifyError] = useState("");

  const notify = async () => {
    setNotifyError("");
    try {
      await enableNotifications(devices);
      setNotifications("granted");
    } catch (error) {
      setNotifyError(errorMessage(error));
    }
  };
  const forget = (device: StoredDevice) => async () => {
    await authenticator.store.remove(device.deviceId);
    onChange();
  };

  return (
    <>
      <div className="actions wide">
        <button type="button" onClick={onScan}>
          Scan a QR code
        </button>
        {notifications === "default" && (
          <button type="button" className="secondary" onClick={notify}>
            Notify me of sign-ins
          </button>
        )}
      </div>
      {notifyError && (
        <p className="error" role="alert">
          {notifyError}
        </p>
      )}
      {devices.map((device) => (
        <section key={device.deviceId} className="device" aria-label={device.deviceName}>
          <h1>{device.deviceName}</h1>
          <p className="account">
            {device.account.name} · {device.account.email}
          </p>
          <Biometrics device={device} onChange={onChange} />
          <DeviceRequests device={device} onForget={forget(device)} />
        </section>
      ))}
      <button type="button" className="link" onClick={onInitialise}>
        Initialise for another account
      </button>
    </>
  );
}
