/*
 * My Account endpoints of "Mobile + SMS": list, add (texts a challenge
 * code), verify ("Finalise"), send a new code, delete. Adding and deleting a
 * verified number need a recent sign-in; ids of other accounts' numbers
 * answer 404. Endpoints that text or check codes carry tight per-IP limits.
 */
import { requireSecurityChangeRights } from "../changes.ts";
import type { Server } from "../../../platform/http/server.ts";
import { requireSession } from "../../accounts/current-session.ts";
import { originOf, strict } from "../../accounts/routes.ts";
import { addPhone } from "./add-phone.ts";
import { resendEnrolmentCode } from "./enrolment-code.ts";
import { listPhones, presentPhone } from "./phones.ts";
import { removePhone } from "./remove-phone.ts";
import { RemoveFactorBody } from "../schemas.ts";
import { AddPhoneBody, PhoneParams, RemovePhoneQuery, VerifyPhoneBody } from "./schemas.ts";
import { verifyPhone } from "./verify-phone.ts";

export function smsRoutes(app: Server): void {
  const { db, config } = app.context;

  app.get("/api/account/phones", async (request) => {
    const { user } = await requireSession(request);
    return { phones: await listPhones(db, user.id) };
  });

  app.post("/api/account/phones", { schema: { body: AddPhoneBody }, config: strict(10) }, async (request, reply) => {
    const session = await requireSession(request);
    await requireSecurityChangeRights(db, session);
    const phone = await addPhone(db, config, session.user.id, request.body.number);
    return reply.status(201).send({
      phone: presentPhone(phone),
      message: `We have texted a challenge code to ${phone.number}. It might take a few minutes to arrive.`,
    });
  });

  app.post("/api/account/phones/:id/verify", { schema: { params: PhoneParams, body: VerifyPhoneBody }, config: strict(20) }, async (request) => {
    const { user } = await requireSession(request);
    const phone = await verifyPhone(db, config, originOf(request), user, request.params.id, request.body.code);
    return { phone: presentPhone(phone), message: `Your mobile phone number ${phone.number} was added successfully.` };
  });

  app.post("/api/account/phones/:id/resend", { schema: { params: PhoneParams }, config: strict(10) }, async (request) => {
    const { user } = await requireSession(request);
    const phone = await resendEnrolmentCode(db, user.id, request.params.id);
    return { message: `A new code has been texted to ${phone.number}.` };
  });

  app.delete(
    "/api/account/phones/:id",
    {
      schema: { params: PhoneParams, body: RemoveFactorBody, querystring: RemovePhoneQuery },
      config: strict(10),
    },
    async (request) => {
      const session = await requireSession(request);
      const isConfirmed = request.body?.confirmLastFactor ?? request.query.confirmLastFactor;
      const phone = await removePhone(db, config, originOf(request), session, request.params.id, isConfirmed);
      return { message: `Your mobile phone number ${phone.number} was deleted.` };
    },
  );
}
