/* What the sharing and access-log routes answer. */
export type ShareView = {
  id: string;
  kind: "user" | "hcp";
  targetName: string;
  ernCode: string;
  reason: string;
  sharedByName: string;
  sharedAt: string;
  revokedAt: string | null;
  revokedByName: string | null;
  revokeReason: string | null;
};

/** A member or a healthcare provider one may share with. */
export type ShareTarget =
  | { kind: "user"; sub: string; name: string; ernCode: string; detail: string }
  | { kind: "hcp"; providerId: string; name: string; ernCode: string; detail: string };

export type AccessEntry = { at: string; actorName: string; action: string; reason: string | null };
