// The bot's formatting, rebuilt from Bot API entities (the emulator parses parse_mode HTML into
// them, as Telegram does). Only known entity kinds become elements, links only with safe schemes.

import { el } from "./dom.js";

export const SAFE_URL = /^(https?:|tg:|mailto:)/i;

function entityElement(entity, covered, onCommand) {
  switch (entity.type) {
    case "bold":
      return el("b");
    case "italic":
      return el("i");
    case "underline":
      return el("u");
    case "strikethrough":
      return el("s");
    case "code":
      return el("code");
    case "pre": {
      const code = el("code", {
        attrs: { class: entity.language ? `language-${entity.language}` : undefined },
      });
      return { outer: el("pre", {}, [code]), inner: code };
    }
    case "blockquote":
    case "expandable_blockquote":
      return el("blockquote", {
        className: entity.type === "expandable_blockquote" ? "expandable" : "",
      });
    case "spoiler": {
      const node = el("span", { className: "tg-spoiler" });
      node.addEventListener("click", () => node.classList.add("revealed"));
      return node;
    }
    case "text_link":
      return link(entity.url);
    case "url":
      return link(/^[a-z]+:/i.test(covered) ? covered : `https://${covered}`);
    case "email":
      return link(`mailto:${covered}`);
    case "bot_command": {
      const node = el("span", { className: "command" });
      node.addEventListener("click", () => onCommand(covered));
      return node;
    }
    case "mention":
    case "text_mention":
    case "hashtag":
    case "cashtag":
    case "phone_number":
      return el("span", { className: "mention" });
    default:
      return el("span");
  }
}

function link(url) {
  if (!url || !SAFE_URL.test(url)) return el("span", { className: "unsafe-link" });
  return el("a", { attrs: { href: url, target: "_blank", rel: "noopener noreferrer" } });
}

const BLOCK_ENTITIES = new Set(["pre", "blockquote", "expandable_blockquote"]);

// Entities come sorted by offset and nest; offsets count UTF-16 code units, as JS strings do.
function appendFormatted(parent, text, entities, start, end, onCommand) {
  let position = start;
  let index = 0;
  while (index < entities.length) {
    const entity = entities[index];
    const entityEnd = Math.min(entity.offset + entity.length, end);
    if (entity.offset < position) {
      index += 1; // overlaps its predecessor without nesting: its text is shown unformatted
      continue;
    }
    parent.append(text.slice(position, entity.offset));
    const nested = [];
    let next = index + 1;
    while (next < entities.length && entities[next].offset < entityEnd) {
      nested.push(entities[next]);
      next += 1;
    }
    const made = entityElement(entity, text.slice(entity.offset, entityEnd), onCommand);
    const outer = made.outer || made;
    const inner = made.inner || made;
    appendFormatted(inner, text, nested, entity.offset, entityEnd, onCommand);
    parent.append(outer);
    position = entityEnd;
    // A block already ends its line: the newline after it would show as an empty line.
    if (BLOCK_ENTITIES.has(entity.type) && text[position] === "\n" && position < end) {
      position += 1;
    }
    index = next;
  }
  parent.append(text.slice(position, end));
}

export function formattedText(text, entities, onCommand) {
  const node = el("div", { className: "text" });
  const sorted = [...(entities || [])].sort((a, b) => a.offset - b.offset || b.length - a.length);
  appendFormatted(node, text, sorted, 0, text.length, onCommand);
  return node;
}
