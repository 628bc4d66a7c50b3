/* Dates and times as the pages show them: in the browser's locale, to the minute. */
export const formatDateTime = (iso: string) => new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
export const formatDate = (day: string) => new Date(`${day}T00:00:00`).toLocaleDateString(undefined, { dateStyle: "medium" });
export const today = () => new Date().toISOString().slice(0, 10);
