/* "Security key or trusted platform": the browser asks the key or the platform (placeholder until passkeys land). */
import { Text } from "@mantine/core";
import type { StepProps } from "./types.ts";

export function WebAuthnStep(_props: StepProps) {
  return <Text>Security keys are not available yet.</Text>;
}
