// The left column: customers, the staff group and its forum topics, with previews and unread
// counts.

import { select } from "./conversation.js";
import { avatar, byId, el } from "./dom.js";
import { serviceText } from "./message-view.js";
import { conversationKey, customers, fullName, groups, state } from "./world.js";

function previewOf(key) {
  const message = state.lastMessage.get(key);
  if (!message) return "";
  const text = message.text || message.caption;
  if (text) return text.split("\n")[0];
  if (message.photo) return "Photo";
  if (message.document) return `File: ${message.document.file_name || "document"}`;
  if (message.contact) return "Contact";
  if (message.venue) return `📍 ${message.venue.title}`;
  if (message.location) return "📍 Location";
  return serviceText(message) || "Message";
}

function chatEntry({ key, title, subtitle, avatarNode, testId, onSelect, extraClass }) {
  const open = state.selected;
  const selected = open && conversationKey(open.chatId, open.threadId) === key;
  const unread = state.unread.get(key) || 0;
  return el(
    "button",
    {
      className: ["chat-entry", extraClass, selected ? "selected" : ""].filter(Boolean).join(" "),
      attrs: { type: "button", "data-testid": testId, "data-key": key },
      onClick: onSelect,
    },
    [
      avatarNode,
      el("div", { className: "chat-entry-body" }, [
        el("div", { className: "chat-entry-title", text: title }),
        el("div", { className: "chat-entry-preview", text: subtitle }),
      ]),
      unread ? el("span", { className: "badge", text: String(unread) }) : null,
    ],
  );
}

export function renderChatList() {
  const list = byId("chat-list");
  const entries = [];
  const people = customers();
  entries.push(el("div", { className: "list-heading", text: `Customers (${people.length})` }));
  for (const user of people) {
    const key = conversationKey(user.id, null);
    entries.push(
      chatEntry({
        key,
        title: `${fullName(user)}${user.blocked_bot ? " (blocked the bot)" : ""}`,
        subtitle: previewOf(key) || user.phone_number || (user.username ? `@${user.username}` : ""),
        avatarNode: avatar(fullName(user), user.id),
        testId: `chat-${user.id}`,
        onSelect: () => select(user.id, null),
      }),
    );
  }
  for (const chat of groups()) {
    const heading = chat.is_forum ? "Staff group" : "Group";
    entries.push(el("div", { className: "list-heading", text: heading }));
    const generalKey = conversationKey(chat.id, null);
    entries.push(
      chatEntry({
        key: generalKey,
        title: chat.title,
        subtitle: chat.is_forum
          ? ["# General", previewOf(generalKey)].filter(Boolean).join(" · ")
          : previewOf(generalKey),
        avatarNode: avatar(chat.title || "Group", chat.id),
        testId: `chat-${chat.id}`,
        onSelect: () => select(chat.id, null),
      }),
    );
    for (const topic of chat.topics || []) {
      const key = conversationKey(chat.id, topic.message_thread_id);
      entries.push(
        chatEntry({
          key,
          title: `# ${topic.name}${topic.is_closed ? " (closed)" : ""}`,
          subtitle: previewOf(key),
          avatarNode: el("div", { className: "avatar topic-avatar", text: "#" }),
          testId: `topic-${topic.message_thread_id}`,
          extraClass: "topic-entry",
          onSelect: () => select(chat.id, topic.message_thread_id),
        }),
      );
    }
  }
  list.replaceChildren(...entries);
}
