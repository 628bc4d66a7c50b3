/*
 * Writing a message with mentions: typing "@" and the start of a name lists
 * the panel's members (the lead and those who accepted); choosing one (click,
 * or the arrow keys and Enter) writes "@[Name](sub)" in place, which the
 * server checks and notifies.
 */
import { Paper, Stack, Textarea, UnstyledButton } from "@mantine/core";
import { useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { mentionToken } from "./MentionText.tsx";

type Mentionable = { sub: string; name: string };

/** The "@word" being typed just before the caret, if any. */
function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const match = /(^|\s)@([^\s@[\]()]{0,40})$/.exec(text.slice(0, caret));
  if (!match) return null;
  return { start: caret - (match[2] ?? "").length - 1, query: (match[2] ?? "").toLowerCase() };
}

export function MentionComposer({
  label,
  value,
  onChange,
  members,
  error,
  disabled,
}: {
  label: string;
  value: string;
  onChange: (next: string) => void;
  members: Mentionable[];
  error?: string;
  disabled?: boolean;
}) {
  const { t } = useTranslation("panels");
  const listId = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const [typing, setTyping] = useState<{ start: number; query: string; caret: number } | null>(null);
  const [active, setActive] = useState(0);
  const matches = typing
    ? members
        .filter(
          (member) =>
            member.name
              .toLowerCase()
              .split(/\s+/)
              .some((word) => word.startsWith(typing.query)) || member.name.toLowerCase().startsWith(typing.query),
        )
        .slice(0, 8)
    : [];
  const follow = (text: string, caret: number) => {
    const at = mentionAt(text, caret);
    setTyping(at ? { ...at, caret } : null);
    setActive(0);
  };
  const choose = (member: Mentionable) => {
    if (!typing) return;
    const token = `${mentionToken(member)} `;
    const next = value.slice(0, typing.start) + token + value.slice(typing.caret);
    onChange(next);
    setTyping(null);
    const caret = typing.start + token.length;
    requestAnimationFrame(() => {
      area.current?.focus();
      area.current?.setSelectionRange(caret, caret);
    });
  };
  return (
    <Stack gap={4}>
      <Textarea
        ref={area}
        label={label}
        description={t("tabs.discussion.mentionHelp")}
        autosize
        minRows={3}
        maxLength={5000}
        value={value}
        error={error}
        disabled={disabled}
        aria-autocomplete="list"
        aria-controls={matches.length > 0 ? listId : undefined}
        aria-expanded={matches.length > 0}
        onChange={(event) => {
          onChange(event.currentTarget.value);
          follow(event.currentTarget.value, event.currentTarget.selectionStart);
        }}
        onKeyDown={(event) => {
          if (matches.length === 0) return;
          if (event.key === "ArrowDown" || event.key === "ArrowUp") {
            event.preventDefault();
            setActive((current) => (current + (event.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length);
          } else if (event.key === "Enter" || event.key === "Tab") {
            const member = matches[active];
            if (member) {
              event.preventDefault();
              choose(member);
            }
          } else if (event.key === "Escape") {
            setTyping(null);
          }
        }}
        onBlur={() => setTimeout(() => setTyping(null), 150)}
      />
      {matches.length > 0 && (
        <Paper withBorder shadow="sm" p={4} id={listId} role="listbox" aria-label={t("tabs.discussion.mentionList")}>
          {matches.map((member, index) => (
            <UnstyledButton
              key={member.sub}
              role="option"
              aria-selected={index === active}
              display="block"
              w="100%"
              px="xs"
              py={4}
              bg={index === active ? "var(--mantine-color-blue-light)" : undefined}
              onMouseDown={(event) => event.preventDefault()}
              onClick={() => choose(member)}
            >
              {member.name}
            </UnstyledButton>
          ))}
        </Paper>
      )}
    </Stack>
  );
}
