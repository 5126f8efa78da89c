// The bot's reply keyboard, shown in place of the system keyboard under the composer.

import { sendText, shareContact } from "./actions.js";
import { byId, el, toast } from "./dom.js";
import { selectedMessages, state } from "./world.js";

// The emulator lists a message's reply keyboard as `reply_keyboard` (the Bot API's Message
// carries only inline keyboards); a `reply_markup` with `keyboard` is read the same way.
function replyKeyboardOf(message) {
  if (!message.outgoing) return null;
  if (message.reply_keyboard) return message.reply_keyboard;
  const markup = message.reply_markup;
  return markup && (markup.keyboard || markup.remove_keyboard) ? markup : null;
}

function currentReplyKeyboard() {
  for (const message of selectedMessages().reverse()) {
    const markup = replyKeyboardOf(message);
    if (!markup) continue;
    if (markup.remove_keyboard) return null;
    if (markup.keyboard) {
      const used = state.usedKeyboards.has(`${message.chat.id}:${message.message_id}`);
      return used ? null : { message, markup };
    }
  }
  return null;
}

export function renderReplyKeyboard() {
  const container = byId("reply-keyboard");
  const toggle = byId("keyboard-toggle");
  const input = byId("message-input");
  const current = state.selected ? currentReplyKeyboard() : null;
  input.placeholder = (current && current.markup.input_field_placeholder) || "Message";
  toggle.hidden = !current;
  if (!current || state.keyboardHidden) {
    container.hidden = true;
    container.replaceChildren();
    return;
  }
  const rows = current.markup.keyboard.map((row) =>
    el(
      "div",
      { className: "keyboard-row" },
      row.map((button) =>
        replyButton(current, typeof button === "string" ? { text: button } : button),
      ),
    ),
  );
  container.replaceChildren(...rows);
  container.hidden = false;
}

const UNEMULATED_REQUESTS = [
  "request_location",
  "request_poll",
  "request_users",
  "request_chat",
  "web_app",
];

function replyButton(current, button) {
  return el("button", {
    className: "reply-button",
    text: button.text,
    attrs: { type: "button", "data-testid": "reply-button" },
    onClick: async () => {
      if (current.markup.one_time_keyboard) {
        state.usedKeyboards.add(`${current.message.chat.id}:${current.message.message_id}`);
      }
      if (button.request_contact) {
        await shareContact();
      } else if (UNEMULATED_REQUESTS.some((kind) => button[kind])) {
        toast("This kind of button is not emulated");
      } else {
        await sendText(button.text);
      }
      renderReplyKeyboard();
    },
  });
}
