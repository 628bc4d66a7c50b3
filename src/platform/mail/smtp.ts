/* Mail transport over SMTP (nodemailer), used when SMTP_URL is set. */
import nodemailer from "nodemailer";
import type { Transport } from "./delivery.ts";

export function smtpTransport(smtpUrl: string, from: string): Transport {
  const transporter = nodemailer.createTransport(smtpUrl);
  return {
    send: async (message) => {
      await transporter.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
    },
  };
}
