/*
 * The live strength meter and rule checklist of the password policy. The
 * policy module (with its dictionaries) loads on demand, so the sign-in
 * pages stay light.
 */
import { List, Progress, Stack, Text } from "@mantine/core";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { PasswordCheck, PersonalData, PasswordRule } from "../../../src/identity/accounts/password-policy.ts";

type Policy = typeof import("../../../src/identity/accounts/password-policy.ts");
const COLORS = ["red", "red", "orange", "teal", "green"];

export function PasswordStrength({ password, minLength, personal }: { password: string; minLength: number; personal: PersonalData }) {
  const { t } = useTranslation();
  const [policy, setPolicy] = useState<Policy | null>(null);
  useEffect(() => {
    import("../../../src/identity/accounts/password-policy.ts").then(setPolicy);
  }, []);
  if (!policy) return null;
  const check: PasswordCheck = policy.checkPassword(password, minLength, personal);
  const rules = policy.describeRules(minLength);
  const labels = t("password.strengthLabels", { returnObjects: true }) as string[];
  const score = password ? check.score : 0;
  return (
    <Stack gap={6} data-testid="password-strength">
      <Text size="sm">
        {t("password.strength")}: <strong>{password ? labels[score] : "—"}</strong>
      </Text>
      <Progress value={password ? ((score + 1) / 5) * 100 : 0} color={COLORS[score]} aria-label={t("password.strength")} />
      <Text size="sm">{t("password.rules")}</Text>
      <List size="sm" spacing={2}>
        {(Object.keys(rules) as PasswordRule[]).map((rule) => {
          const isMet = password.length > 0 && !check.failed.includes(rule);
          return (
            <List.Item key={rule} icon={<span aria-hidden>{isMet ? "✓" : "•"}</span>} c={isMet ? "teal.8" : undefined}>
              {rules[rule]}
            </List.Item>
          );
        })}
      </List>
    </Stack>
  );
}
