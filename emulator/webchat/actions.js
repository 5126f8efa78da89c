// What the person does: write, share the contact, attach files, press buttons, pay, block the bot.

import { api } from "./api.js";
import { upsertInView } from "./conversation.js";
import { byId, reportError, toast } from "./dom.js";
import { SAFE_URL } from "./formatted-text.js";
import { senderName } from "./message-view.js";
import { refreshWorld } from "./sync.js";
import { belongsToSelected, remember, state, userById } from "./world.js";

// The control API path for the person now speaking; null (with a hint) when there is none.
function actingPath(action, channelHint) {
  const actor = state.actingUserId;
  if (actor === "channel") {
    if (channelHint) toast(channelHint);
    return null;
  }
  if (!actor) {
    toast("Choose who speaks in this group first (the “as” list)");
    return null;
  }
  return `/_emu/users/${actor}/${action}`;
}

function whereToSend() {
  const target = { chat_id: state.selected.chatId };
  if (state.selected.threadId) target.message_thread_id = state.selected.threadId;
  return target;
}

function applyResult(result) {
  if (result && result.message) {
    remember(result.message);
    if (belongsToSelected(result.message)) upsertInView(result.message);
  }
}

export async function sendText(text) {
  if (!state.selected || !text.trim()) return;
  const body = { ...whereToSend(), text };
  if (state.replyTo) body.reply_to_message_id = state.replyTo.message_id;
  const path =
    state.actingUserId === "channel"
      ? `/_emu/chats/${state.selected.chatId}/send_as_channel`
      : actingPath("send");
  if (!path) return;
  try {
    const result = await api.post(path, body);
    state.replyTo = null;
    renderReplyPreview();
    applyResult(result);
  } catch (error) {
    reportError(error);
  }
}

export async function shareContact() {
  const path = actingPath("contact", "An anonymous admin has no contact to share");
  if (!path) return;
  const user = userById(state.actingUserId);
  let phone = user && user.phone_number;
  if (!phone) {
    phone = window.prompt("Phone number to share", "+7928");
    if (!phone) return;
  }
  try {
    applyResult(await api.post(path, { ...whereToSend(), phone_number: phone }));
  } catch (error) {
    reportError(error);
  }
}

const PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp"];

export async function attach(file) {
  const input = byId("message-input");
  const form = new FormData();
  form.append("file", file, file.name);
  const caption = input.value.trim();
  if (caption) form.append("caption", caption);
  for (const [name, value] of Object.entries(whereToSend())) form.append(name, String(value));
  const kind = PHOTO_TYPES.includes(file.type) ? "photo" : "document";
  const path = actingPath(kind, "An anonymous admin cannot attach files here");
  if (!path) return;
  try {
    applyResult(await api.post(path, form));
    input.value = "";
  } catch (error) {
    reportError(error);
  }
}

export async function pressCallbackButton(message, button, node) {
  const path = actingPath("click", "An anonymous admin cannot press buttons");
  if (!path) return;
  node.classList.add("pending");
  try {
    const result = await api.post(path, {
      chat_id: message.chat.id,
      message_id: message.message_id,
      callback_data: button.callback_data,
    });
    state.pendingCallbacks.set(result.callback_query_id, node);
    // Telegram stops the spinner after a while even when the bot never answers.
    setTimeout(() => finishCallback(result.callback_query_id), 15000);
  } catch (error) {
    node.classList.remove("pending");
    reportError(error);
  }
}

export function finishCallback(callbackQueryId) {
  const node = state.pendingCallbacks.get(callbackQueryId);
  if (node) node.classList.remove("pending");
  state.pendingCallbacks.delete(callbackQueryId);
}

export async function pay(message) {
  const path = actingPath("pay", "An anonymous admin cannot pay");
  if (!path) return;
  try {
    applyResult(await api.post(path, { chat_id: message.chat.id, message_id: message.message_id }));
  } catch (error) {
    reportError(error);
  }
}

// Links from the bot open in a new tab; the payment sandbox's bank page is one of them.
export function openLink(url) {
  if (SAFE_URL.test(url)) window.open(url, "_blank", "noopener");
}

export function startReply(message) {
  if (message.deleted) return;
  state.replyTo = message;
  renderReplyPreview();
  byId("message-input").focus();
}

export function renderReplyPreview() {
  const preview = byId("reply-preview");
  const message = state.replyTo;
  preview.hidden = !message;
  if (message) {
    byId("reply-preview-text").textContent =
      `↩ ${senderName(message)}: ${message.text || message.caption || "message"}`;
  }
}

export async function toggleBlock() {
  const user = userById(state.selected.chatId);
  if (!user) return;
  try {
    await api.post(`/_emu/users/${user.id}/block`, { blocked: !user.blocked_bot });
    await refreshWorld();
  } catch (error) {
    reportError(error);
  }
}
