/* Placeholder: the notification bell of CPMS's header (filled in with the notifications feature). */
export function NotificationBell() {
  return null;
}
