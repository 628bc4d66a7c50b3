/*
 * Web Push: once the user allows notifications, each device of this app
 * subscribes with the service's VAPID key (GET /api/app/push-key) and gives
 * the subscription to OpenCPMS Login, signed by the device over its endpoint,
 * so a sign-in waiting for approval wakes the phone even with the app closed.
 */
import type { StoredDevice } from "../../src/identity/factors/mobile-app/authenticator.ts";
import { subscriptionPurpose } from "../../src/identity/factors/mobile-app/protocol.ts";
import { authenticator } from "./authenticator.ts";

export const canNotify = () => "Notification" in window && "PushManager" in window && "serviceWorker" in navigator;

export async function enableNotifications(devices: StoredDevice[]): Promise<void> {
  if ((await Notification.requestPermission()) !== "granted")
    throw new Error("Notifications are blocked for this app. Allow them in your browser's settings to be told of sign-ins.");
  const registration = await navigator.serviceWorker.ready;
  for (const device of devices) {
    const key = await fetch(`${device.server}/api/app/push-key`, { headers: { accept: "application/json" } });
    if (!key.ok) throw new Error("OpenCPMS Login does not send notifications. Keep the app open to see sign-ins.");
    const { publicKey } = (await key.json()) as { publicKey: string };
    const subscription =
      (await registration.pushManager.getSubscription()) ??
      (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: publicKey }));
    const proof = await authenticator.deviceProof(device, subscriptionPurpose(subscription.endpoint));
    const response = await fetch(`${device.server}/api/app/push-subscription`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ ...proof, subscription: subscription.toJSON() }),
    });
    if (!response.ok) {
      const problem = (await response.json().catch(() => ({}))) as { detail?: string };
      throw new Error(problem.detail ?? "OpenCPMS Login could not turn on notifications. Please try again.");
    }
  }
}
