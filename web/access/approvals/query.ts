/* The approvals queue's filters, as the page holds them and as GET /api/approvals reads them. */
export type QueueFilters = {
  status: string;
  ern: string;
  country: string;
  profile: string;
  olderThanHours: string;
  search: string;
  page: number;
  perPage: number;
};

export const DEFAULT_FILTERS: QueueFilters = { status: "pending", ern: "", country: "", profile: "", olderThanHours: "", search: "", page: 1, perPage: 25 };

export function queueUrl(filters: QueueFilters): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) if (value !== "") query.set(name, String(value));
  return `/api/approvals?${query}`;
}

/** "3 h" under a day, "2 days" beyond (business hours, as the server counts them). */
export function formatAge(hours: number, t: (key: string, options?: Record<string, unknown>) => string): string {
  if (hours < 1) return t("approvals.ageUnderHour");
  if (hours < 24) return t("approvals.ageHours", { count: Math.floor(hours) });
  return t("approvals.ageDays", { count: Math.floor(hours / 24) });
}
