/*
 * The second step of a sign-in (or of a step-up): the method chosen in
 * "Choose your verification method" decides what is asked. Each method's
 * step lives beside this file.
 */
import type { ComponentType } from "react";
import { useTranslation } from "react-i18next";
import { CodeStep } from "./CodeStep.tsx";
import { MobileAppStep } from "./MobileAppStep.tsx";
import { QrCodeStep } from "./QrCodeStep.tsx";
import type { StepProps } from "./types.ts";
import { WebAuthnStep } from "./WebAuthnStep.tsx";

function SmsStep(props: StepProps) {
  const { t } = useTranslation();
  return <CodeStep {...props} label={t("secondFactor.smsLabel")} hint={t("secondFactor.smsHint", { phone: props.show.phone ?? "" })} canResend />;
}

function TotpStep(props: StepProps) {
  const { t } = useTranslation();
  return <CodeStep {...props} label={t("secondFactor.totpLabel")} hint={t("secondFactor.totpHint")} inputMode="numeric" />;
}

function RecoveryStep(props: StepProps) {
  const { t } = useTranslation();
  return <CodeStep {...props} label={t("secondFactor.recoveryLabel")} hint={t("secondFactor.recoveryHint")} />;
}

const STEPS: Record<string, ComponentType<StepProps>> = {
  sms: SmsStep,
  totp: TotpStep,
  recovery: RecoveryStep,
  webauthn: WebAuthnStep,
  "mobile-app-pin": MobileAppStep,
  "mobile-app-qr": QrCodeStep,
};

export function SecondFactorStep({ method, ...props }: StepProps & { method: string }) {
  const Step = STEPS[method];
  return Step ? <Step {...props} /> : null;
}
