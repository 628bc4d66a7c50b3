/* What every second-factor step of the sign-in page receives. */
export type StepProps = {
  /** What the server sent to ask for the answer (masked phone, WebAuthn options…). */
  show: Record<string, unknown>;
  /** Sends the answer; resolves when signed in (or stepped up), rejects with an ApiError. */
  submit: (answer: Record<string, unknown>) => Promise<void>;
  /** Asks the server for a new challenge (a new SMS code…); resolves with the new `show`. */
  resend: () => Promise<Record<string, unknown>>;
};
