// The emulator's web chat: a person plays customers and staff against the bot.
// Talks only to the control API (emulator/CONTROL_API.md) and its event stream. No build step:
// plain ES modules, served by the emulator itself.

import { attach, renderReplyPreview, sendText, shareContact, toggleBlock } from "./actions.js";
import { api } from "./api.js";
import { loadOrders } from "./bank.js";
import { addMember, renderConversation, select } from "./conversation.js";
import { byId, reportError } from "./dom.js";
import { loadMail } from "./mailbox.js";
import { renderReplyKeyboard } from "./reply-keyboard.js";
import { listen, refreshWorld } from "./sync.js";
import { isKnownChat, state } from "./world.js";

async function createCustomer(form, dialog) {
  const fields = Object.fromEntries(
    [...new FormData(form).entries()].filter(([, value]) => String(value).trim() !== ""),
  );
  const user = await api.post("/_emu/users", fields);
  dialog.close();
  await refreshWorld();
  await select(user.id, null);
}

function wire() {
  const input = byId("message-input");
  byId("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value;
    input.value = "";
    sendText(text);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      byId("composer").requestSubmit();
    }
  });
  byId("attach-input").addEventListener("change", (event) => {
    const [file] = event.target.files;
    event.target.value = "";
    if (file) attach(file);
  });
  byId("contact-button").addEventListener("click", shareContact);
  byId("keyboard-toggle").addEventListener("click", () => {
    state.keyboardHidden = !state.keyboardHidden;
    renderReplyKeyboard();
  });
  byId("reply-cancel").addEventListener("click", () => {
    state.replyTo = null;
    renderReplyPreview();
  });
  byId("member-select").addEventListener("change", (event) => {
    const value = event.target.value;
    if (value.startsWith("add:")) {
      addMember(Number(value.slice(4))).then(renderConversation);
      return;
    }
    state.actingUserId = value === "channel" ? "channel" : Number(value);
    renderConversation();
  });
  byId("block-button").addEventListener("click", toggleBlock);
  byId("back-button").addEventListener("click", () => document.body.classList.remove("chat-open"));

  const dialog = byId("new-customer-dialog");
  byId("new-customer-button").addEventListener("click", () => dialog.showModal());
  byId("new-customer-cancel").addEventListener("click", () => dialog.close());
  byId("new-customer-form").addEventListener("submit", (event) => {
    event.preventDefault();
    createCustomer(event.target, dialog).catch(reportError);
  });

  byId("mailbox-button").addEventListener("click", () => {
    byId("mailbox").hidden = !byId("mailbox").hidden;
  });
  byId("mailbox-close").addEventListener("click", () => {
    byId("mailbox").hidden = true;
  });
  byId("payment-sandbox").addEventListener("click", () => {
    byId("bank-panel").hidden = !byId("bank-panel").hidden;
  });
  byId("bank-close").addEventListener("click", () => {
    byId("bank-panel").hidden = true;
  });
}

// The address's #fragment names the open conversation ("#123" or "#-100123:7").
function conversationFromAddress() {
  const match = /^#(-?\d+)(?::(\d+))?$/.exec(location.hash);
  return match ? { chatId: Number(match[1]), threadId: match[2] ? Number(match[2]) : null } : null;
}

async function openConversationFromAddress() {
  const wanted = conversationFromAddress();
  const current = state.selected;
  if (!wanted || !isKnownChat(wanted.chatId)) return;
  if (current && current.chatId === wanted.chatId && current.threadId === wanted.threadId) return;
  await select(wanted.chatId, wanted.threadId);
}

async function start() {
  wire();
  window.addEventListener("hashchange", () => openConversationFromAddress().catch(reportError));
  listen();
  await Promise.all([refreshWorld(), loadMail(), loadOrders()]);
  await openConversationFromAddress();
  document.body.dataset.ready = "true";
}

start().catch(reportError);
