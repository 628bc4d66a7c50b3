/* The signed-in user of an access route, or 401 with what to do. */
import type { FastifyRequest } from "fastify";
import { Unauthorized } from "../platform/http/errors.ts";
import { currentUser, type SignedInUser } from "../platform/http/oidc-sign-in.ts";

export async function requireUser(request: FastifyRequest): Promise<SignedInUser> {
  const user = await currentUser(request);
  if (!user) throw new Unauthorized("Please log in to the authorisation system first.");
  return user;
}
