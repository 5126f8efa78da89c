// Keeps the page in step with the world: the state snapshot and the live event stream (SSE).

import { finishCallback, openLink } from "./actions.js";
import { api } from "./api.js";
import { loadOrders, onSandboxCallback, onSandboxOrder } from "./bank.js";
import { renderChatList } from "./chat-list.js";
import {
  chooseActingUser,
  renderConversation,
  renderHeader,
  select,
  upsertInView,
} from "./conversation.js";
import { alertBox, byId, reportError, toast } from "./dom.js";
import { loadMail, renderMailbox } from "./mailbox.js";
import {
  belongsToSelected,
  conversationKey,
  isGroup,
  isKnownChat,
  remember,
  state,
  threadOf,
} from "./world.js";

export async function refreshWorld() {
  state.world = await api.get("/_emu/state");
  byId("bot-name").textContent = state.world.bot
    ? `${state.world.bot.first_name} · @${state.world.bot.username || ""}`
    : "Telegram emulator";
  renderChatList();
  if (state.selected) {
    chooseActingUser();
    renderHeader();
  }
}

function countUnread(message) {
  if (!message.outgoing || belongsToSelected(message)) return;
  const key = conversationKey(message.chat.id, isGroup(message.chat) ? threadOf(message) : null);
  state.unread.set(key, (state.unread.get(key) || 0) + 1);
}

const TOPIC_CHANGES = [
  "forum_topic_created",
  "forum_topic_edited",
  "forum_topic_closed",
  "forum_topic_reopened",
];

function onMessageEvent(event) {
  const message = event.message;
  if (!message) return;
  remember(message);
  if (event.type === "message") countUnread(message);
  if (belongsToSelected(message)) upsertInView(message);
  if (!isKnownChat(message.chat.id) || TOPIC_CHANGES.some((change) => message[change])) {
    refreshWorld().catch(reportError);
  } else {
    renderChatList();
  }
}

function onDeleteEvent(event) {
  const chatMessages = state.messages.get(event.chat_id);
  const message = chatMessages && chatMessages.get(event.message_id);
  if (!message) return;
  message.deleted = true;
  if (belongsToSelected(message)) upsertInView(message);
}

function onCallbackAnswer(event) {
  finishCallback(event.callback_query_id);
  if (event.url) openLink(event.url);
  if (!event.text) return;
  if (event.show_alert) alertBox(event.text);
  else toast(event.text);
}

function onMailEvent(event) {
  const mail = event.mail || event;
  if (!state.mails.some((known) => known.id === mail.id)) state.mails.push(mail);
  renderMailbox();
}

function onReset() {
  state.selected = null;
  state.lastMessage.clear();
  state.unread.clear();
  document.body.classList.remove("chat-open");
  byId("composer").hidden = true;
  renderHeader();
  renderConversation();
  resync().catch(reportError);
}

const handlers = {
  hello: () => {}, // the stream's greeting; `open` already resynchronises after a reconnect
  reset: onReset,
  message: onMessageEvent,
  edit: onMessageEvent,
  delete: onDeleteEvent,
  callback_answer: onCallbackAnswer,
  mail: onMailEvent,
  sandbox_order: onSandboxOrder,
  sandbox_callback: onSandboxCallback,
};

export function listen() {
  const source = new EventSource("/_emu/events");
  let connectedBefore = false;
  source.addEventListener("open", () => {
    document.body.classList.remove("offline");
    // After a reconnect the world may have moved on: fetch it again rather than guess.
    if (connectedBefore) resync().catch(reportError);
    connectedBefore = true;
  });
  source.addEventListener("error", () => document.body.classList.add("offline"));
  source.addEventListener("message", (raw) => {
    const event = JSON.parse(raw.data);
    const handler = handlers[event.type];
    if (handler) handler(event);
    else refreshWorld().catch(reportError); // "chat" and anything new: the world changed
  });
}

async function resync() {
  state.messages.clear();
  state.loadedChats.clear();
  await Promise.all([refreshWorld(), loadMail(), loadOrders()]);
  if (state.selected) await select(state.selected.chatId, state.selected.threadId);
}
