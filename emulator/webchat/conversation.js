// The open conversation: its header, its messages, who speaks in it.

import { renderReplyPreview } from "./actions.js";
import { api } from "./api.js";
import { renderChatList } from "./chat-list.js";
import { byId, el, reportError } from "./dom.js";
import { renderMessage } from "./message-view.js";
import { renderReplyKeyboard } from "./reply-keyboard.js";
import { refreshWorld } from "./sync.js";
import {
  chatById,
  conversationKey,
  customers,
  fullName,
  isGroup,
  remember,
  selectedMessages,
  state,
  userById,
} from "./world.js";

function isNearBottom(container) {
  return container.scrollHeight - container.scrollTop - container.clientHeight < 80;
}

export function renderConversation() {
  const container = byId("messages");
  container.replaceChildren();
  if (!state.selected) {
    container.append(el("div", { className: "empty-state", text: "Choose a chat" }));
    return;
  }
  for (const message of selectedMessages()) container.append(renderMessage(message));
  container.scrollTop = container.scrollHeight;
  renderReplyKeyboard();
}

export function upsertInView(message) {
  const container = byId("messages");
  const stickToBottom = isNearBottom(container);
  const node = renderMessage(message);
  const existing = container.querySelector(`[data-message-id="${message.message_id}"]`);
  if (existing) {
    existing.replaceWith(node);
  } else {
    const later = [...container.querySelectorAll("[data-message-id]")].find(
      (other) => Number(other.dataset.messageId) > message.message_id,
    );
    container.insertBefore(node, later || null);
  }
  if (stickToBottom) container.scrollTop = container.scrollHeight;
  renderReplyKeyboard();
}

// Events that arrive while the history loads are kept: they are newer than what it returns.
async function loadHistory(chatId) {
  if (!state.messages.has(chatId)) state.messages.set(chatId, new Map());
  const chatMessages = state.messages.get(chatId);
  const messages = await api.get(`/_emu/chats/${chatId}/messages?after_id=0`);
  for (const message of messages) {
    if (!chatMessages.has(message.message_id)) remember(message);
  }
}

export async function select(chatId, threadId = null) {
  state.selected = { chatId, threadId };
  state.replyTo = null;
  state.keyboardHidden = false;
  state.unread.delete(conversationKey(chatId, threadId));
  history.replaceState(null, "", `#${conversationKey(chatId, threadId)}`);
  document.body.classList.add("chat-open");
  chooseActingUser();
  renderHeader();
  renderChatList();
  renderReplyPreview();
  byId("composer").hidden = false;
  try {
    if (!state.loadedChats.has(chatId)) {
      await loadHistory(chatId);
      state.loadedChats.add(chatId);
    }
  } catch (error) {
    reportError(error);
  }
  if (state.selected && state.selected.chatId === chatId) renderConversation();
  byId("message-input").focus();
}

export function chooseActingUser() {
  const chat = chatById(state.selected.chatId);
  if (!isGroup(chat)) {
    state.actingUserId = state.selected.chatId;
    return;
  }
  const members = groupMembers(chat);
  const stillMember = members.some((user) => user.id === state.actingUserId);
  if (state.actingUserId !== "channel" && !stillMember) {
    state.actingUserId = members.length ? members[0].id : null;
  }
}

// The staff: the people the world lists as the group's members (the bot aside).
function groupMembers(chat) {
  return (chat.members || [])
    .filter((member) => !["left", "kicked"].includes(member.status))
    .map((member) => member.user || userById(member.user_id))
    .filter((user) => user && !user.is_bot);
}

export function renderHeader() {
  const selected = state.selected;
  const title = byId("conversation-title");
  const subtitle = byId("conversation-subtitle");
  const actingAs = byId("acting-as");
  const blockButton = byId("block-button");
  if (!selected) {
    title.textContent = "Choose a chat";
    subtitle.textContent = "";
    actingAs.hidden = true;
    blockButton.hidden = true;
    return;
  }
  const chat = chatById(selected.chatId);
  if (isGroup(chat)) {
    const topic = (chat.topics || []).find((t) => t.message_thread_id === selected.threadId);
    title.textContent = chat.title;
    const closed = topic && topic.is_closed ? " (closed)" : "";
    subtitle.textContent = topic ? `# ${topic.name}${closed}` : "# General";
    renderMemberSelect(chat);
    actingAs.hidden = false;
    blockButton.hidden = true;
  } else {
    const user = userById(selected.chatId);
    title.textContent = fullName(user);
    const details = [user && user.phone_number, user && user.username && `@${user.username}`];
    if (user && user.blocked_bot) details.push("has blocked the bot");
    subtitle.textContent = details.filter(Boolean).join(" · ") || "customer";
    actingAs.hidden = true;
    blockButton.hidden = !user;
    blockButton.textContent = user && user.blocked_bot ? "Unblock bot" : "Block bot";
  }
}

function renderMemberSelect(chat) {
  const select = byId("member-select");
  const members = groupMembers(chat);
  const options = members.map((user) =>
    el("option", { text: fullName(user), attrs: { value: String(user.id) } }),
  );
  options.push(el("option", { text: "Anonymous admin", attrs: { value: "channel" } }));
  const others = customers().filter((user) => !members.includes(user));
  if (others.length) {
    const adding = others.map((user) =>
      el("option", { text: `+ ${fullName(user)}`, attrs: { value: `add:${user.id}` } }),
    );
    options.push(el("optgroup", { attrs: { label: "Add to the group" } }, adding));
  }
  if (state.actingUserId === null) {
    options.unshift(el("option", { text: "nobody yet", attrs: { value: "", disabled: true } }));
  }
  select.replaceChildren(...options);
  select.value = state.actingUserId === null ? "" : String(state.actingUserId);
}

export async function addMember(userId) {
  try {
    await api.post(`/_emu/chats/${state.selected.chatId}/members`, {
      user_id: userId,
      status: "member",
    });
    state.actingUserId = userId;
    await refreshWorld();
  } catch (error) {
    reportError(error);
  }
}
