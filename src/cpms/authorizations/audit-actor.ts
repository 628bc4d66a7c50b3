/* The audit log's actor column holds identity's ids (UUIDs); another provider's subject (EU Login's "n003oges") goes in the details. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function auditActor(sub: string): { actorId: string | null; details: Record<string, unknown> } {
  return UUID.test(sub) ? { actorId: sub, details: {} } : { actorId: null, details: { actorSub: sub } };
}
