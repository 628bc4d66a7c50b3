/*
 * A message's text as people read it: mentions, written "@[Name](sub)" in
 * the body, shown as a highlighted "@Name"; everything else is plain text
 * (line breaks kept, never interpreted as markup). Also where mentions are
 * written: `mentionToken` and the pattern the server reads.
 */
import { Mark, Text } from "@mantine/core";
import { Fragment } from "react";

const MENTION = /@\[([^\]\n]{1,200})\]\(([^)\s]{1,200})\)/g;

export const mentionToken = (member: { name: string; sub: string }) => `@[${member.name.replace(/[[\]]/g, "")}](${member.sub})`;

export function MentionText({ body }: { body: string }) {
  const parts: (string | { name: string; key: number })[] = [];
  let last = 0;
  for (const match of body.matchAll(MENTION)) {
    parts.push(body.slice(last, match.index));
    parts.push({ name: match[1] ?? "", key: match.index });
    last = match.index + match[0].length;
  }
  parts.push(body.slice(last));
  return (
    <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
      {parts.map((part, index) =>
        typeof part === "string" ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one text never move
          <Fragment key={index}>{part}</Fragment>
        ) : (
          <Mark key={`m${part.key}`} color="blue" className="mention">
            @{part.name}
          </Mark>
        ),
      )}
    </Text>
  );
}
