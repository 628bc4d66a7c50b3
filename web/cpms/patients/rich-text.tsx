/*
 * The clinical summary's rich text, kept by the server as plain text with a
 * little Markdown-like markup: paragraphs separated by a blank line, "- "
 * and "1. " lists, "### " headings, "> " quotes, **bold** and *italic*.
 * Shown as React elements only: the text is escaped, marked up with those
 * few tags, parsed inert (DOMParser) and rebuilt from an allow-list of tags
 * without attributes — whatever a user types, HTML included, is shown as
 * text and never injected into the page.
 */
import { Typography } from "@mantine/core";
import { createElement, type ReactNode } from "react";

const ALLOWED = new Set(["p", "br", "strong", "em", "ul", "ol", "li", "h3", "h4", "blockquote"]);

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function inline(text: string): string {
  return escapeHtml(text)
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/\*([^*]+)\*/g, "<em>$1</em>");
}

/** The marked-up text as HTML of the allowed tags only (every character the user typed escaped). */
export function markupToHtml(text: string): string {
  const html: string[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const lines = block.split("\n").filter((line) => line.trim());
    if (!lines.length) continue;
    if (lines.every((line) => /^\s*[-*] /.test(line)))
      html.push(`<ul>${lines.map((line) => `<li>${inline(line.replace(/^\s*[-*] /, ""))}</li>`).join("")}</ul>`);
    else if (lines.every((line) => /^\s*\d+[.)] /.test(line)))
      html.push(`<ol>${lines.map((line) => `<li>${inline(line.replace(/^\s*\d+[.)] /, ""))}</li>`).join("")}</ol>`);
    else if (lines.length === 1 && /^#{3,4} /.test(lines[0])) {
      const level = lines[0].startsWith("#### ") ? "h4" : "h3";
      html.push(`<${level}>${inline(lines[0].replace(/^#{3,4} /, ""))}</${level}>`);
    } else if (lines.every((line) => line.startsWith(">")))
      html.push(`<blockquote>${lines.map((line) => inline(line.replace(/^> ?/, ""))).join("<br>")}</blockquote>`);
    else html.push(`<p>${lines.map(inline).join("<br>")}</p>`);
  }
  return html.join("");
}

function toReact(node: Node, key: string): ReactNode {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent;
  if (node.nodeType !== Node.ELEMENT_NODE) return null;
  const tag = (node as Element).tagName.toLowerCase();
  if (tag === "br") return createElement("br", { key });
  const children = Array.from(node.childNodes, (child, index) => toReact(child, `${key}.${index}`));
  return createElement(ALLOWED.has(tag) ? tag : "span", { key }, ...children);
}

export function RichText({ text }: { text: string }) {
  const body = new DOMParser().parseFromString(markupToHtml(text), "text/html").body;
  return <Typography>{Array.from(body.childNodes, (node, index) => toReact(node, String(index)))}</Typography>;
}
