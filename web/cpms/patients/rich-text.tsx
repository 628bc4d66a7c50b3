/*
 * The clinical summary's rich text. The server keeps it as HTML restricted
 * to p, br, strong, em, u, ul, ol, li, h3, h4, blockquote without attributes.
 * - shown: the HTML is parsed (inert, DOMParser) and rebuilt as React
 *   elements of those tags only — anything else is kept as its text, so
 *   nothing a user typed is ever injected into the page;
 * - edited: as plain text with a small Markdown-like syntax (paragraphs,
 *   "- " and "1. " lists, "### " headings, "> " quotes, **bold**, *italic*),
 *   escaped and turned into that HTML on save, and back again to edit.
 */
import { Typography } from "@mantine/core";
import { createElement, type ReactNode } from "react";

const ALLOWED = new Set(["p", "br", "strong", "em", "u", "ul", "ol", "li", "h3", "h4", "blockquote"]);

function toReact(node: Node, key: string): ReactNode {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent;
  if (node.nodeType !== Node.ELEMENT_NODE) return null;
  const children = Array.from(node.childNodes, (child, index) => toReact(child, `${key}.${index}`));
  const tag = (node as Element).tagName.toLowerCase();
  if (tag === "br") return createElement("br", { key });
  return ALLOWED.has(tag) ? createElement(tag, { key }, ...children) : createElement("span", { key }, ...children);
}

export function RichText({ html }: { html: string }) {
  const body = new DOMParser().parseFromString(html, "text/html").body;
  return <Typography>{Array.from(body.childNodes, (node, index) => toReact(node, String(index)))}</Typography>;
}

const escapeHtml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function inline(text: string): string {
  return escapeHtml(text)
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/\*([^*]+)\*/g, "<em>$1</em>");
}

/** The edited text as the restricted HTML the server keeps. */
export function textToHtml(text: string): string {
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

function inlineText(node: Node): string {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? "";
  if (node.nodeType !== Node.ELEMENT_NODE) return "";
  const inner = Array.from(node.childNodes, inlineText).join("");
  switch ((node as Element).tagName.toLowerCase()) {
    case "br":
      return "\n";
    case "strong":
      return `**${inner}**`;
    case "em":
      return `*${inner}*`;
    default:
      return inner;
  }
}

/** The kept HTML as text to edit. */
export function htmlToText(html: string): string {
  const body = new DOMParser().parseFromString(html, "text/html").body;
  const blocks: string[] = [];
  for (const node of Array.from(body.childNodes)) {
    const tag = node.nodeType === Node.ELEMENT_NODE ? (node as Element).tagName.toLowerCase() : "";
    const items = () => Array.from((node as Element).children, inlineText);
    if (tag === "ul")
      blocks.push(
        items()
          .map((item) => `- ${item}`)
          .join("\n"),
      );
    else if (tag === "ol")
      blocks.push(
        items()
          .map((item, index) => `${index + 1}. ${item}`)
          .join("\n"),
      );
    else if (tag === "h3" || tag === "h4") blocks.push(`${tag === "h3" ? "###" : "####"} ${inlineText(node)}`);
    else if (tag === "blockquote")
      blocks.push(
        inlineText(node)
          .split("\n")
          .map((line) => `> ${line}`)
          .join("\n"),
      );
    else if (inlineText(node).trim()) blocks.push(inlineText(node));
  }
  return blocks.join("\n\n");
}
