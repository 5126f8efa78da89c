// One message as a Telegram-like bubble: sender, quote, media, formatted text, inline keyboard.

import { openLink, pay, pressCallbackButton, sendText, startReply } from "./actions.js";
import { avatar, el, formatSize, formatTime } from "./dom.js";
import { formattedText } from "./formatted-text.js";
import { fullName, isGroup, state } from "./world.js";

const fileUrl = (fileId) => `/_emu/files/${encodeURIComponent(fileId)}`;

function isMine(message) {
  if (message.outgoing) return false;
  if (message.chat.type === "private") return true;
  if (state.actingUserId === "channel") return Boolean(message.sender_chat);
  return !message.sender_chat && message.from && message.from.id === state.actingUserId;
}

export function senderName(message) {
  if (message.sender_chat) return message.sender_chat.title || "Anonymous admin";
  return fullName(message.from);
}

export function serviceText(message) {
  if (message.new_chat_members) {
    return `${message.new_chat_members.map(fullName).join(", ")} joined the group`;
  }
  if (message.left_chat_member) return `${fullName(message.left_chat_member)} left the group`;
  if (message.forum_topic_created) return `Topic “${message.forum_topic_created.name}” created`;
  if (message.forum_topic_edited) return "Topic edited";
  if (message.forum_topic_closed) return "Topic closed";
  if (message.forum_topic_reopened) return "Topic reopened";
  if (message.pinned_message) return `${senderName(message)} pinned a message`;
  if (message.successful_payment) {
    const payment = message.successful_payment;
    return `Payment of ${formatAmount(payment.total_amount, payment.currency)} succeeded`;
  }
  if (message.group_chat_created || message.supergroup_chat_created) return "Group created";
  if (message.new_chat_title) return `Group renamed to “${message.new_chat_title}”`;
  return null;
}

function formatAmount(minorUnits, currency) {
  return `${(minorUnits / 100).toFixed(2)} ${currency}`;
}

// Kinds of content the web chat names but does not draw.
const UNRENDERED_KINDS = [
  "sticker",
  "video",
  "animation",
  "audio",
  "voice",
  "video_note",
  "poll",
  "dice",
];

function mediaOf(message) {
  if (message.photo && message.photo.length) {
    const largest = message.photo[message.photo.length - 1];
    const image = el("img", {
      className: "photo",
      attrs: { src: fileUrl(largest.file_id), alt: "photo", loading: "lazy" },
    });
    return el("a", { attrs: { href: fileUrl(largest.file_id), target: "_blank" } }, [image]);
  }
  if (message.document) {
    const documentInfo = message.document;
    const name = documentInfo.file_name || "document";
    return el(
      "a",
      {
        className: "document",
        attrs: { href: fileUrl(documentInfo.file_id), download: name, "data-testid": "document" },
      },
      [
        el("span", { className: "document-icon", text: "↓" }),
        el("span", { className: "document-name", text: name }),
        el("span", { className: "document-size", text: formatSize(documentInfo.file_size) }),
      ],
    );
  }
  if (message.contact) {
    const contact = message.contact;
    return el("div", { className: "contact-card" }, [
      avatar(fullName(contact), contact.user_id || 0),
      el("div", {}, [
        el("div", { className: "contact-name", text: fullName(contact) }),
        el("div", { className: "contact-phone", text: contact.phone_number }),
      ]),
    ]);
  }
  if (message.venue || message.location) {
    const place = message.venue ? message.venue.location : message.location;
    const where = `${place.latitude.toFixed(5)}, ${place.longitude.toFixed(5)}`;
    const lines = message.venue
      ? [
          el("div", { className: "contact-name", text: `📍 ${message.venue.title}` }),
          el("div", { text: message.venue.address }),
        ]
      : [el("div", { className: "contact-name", text: "📍 Location" })];
    return el("div", { className: "contact-card", attrs: { "data-testid": "place" } }, [
      el("div", {}, [...lines, el("div", { className: "contact-phone", text: where })]),
    ]);
  }
  if (message.invoice) {
    const invoice = message.invoice;
    return el("div", { className: "invoice-card" }, [
      el("div", { className: "invoice-title", text: invoice.title }),
      el("div", { text: invoice.description }),
      el("div", {
        className: "invoice-amount",
        text: formatAmount(invoice.total_amount, invoice.currency),
      }),
    ]);
  }
  const other = UNRENDERED_KINDS.find((kind) => message[kind]);
  return other ? el("div", { className: "unsupported", text: `[${other}]` }) : null;
}

function replyQuote(message) {
  const original = message.reply_to_message;
  if (!original || original.message_id === original.message_thread_id) return null;
  const preview = original.text || original.caption || (original.photo ? "Photo" : "Message");
  return el("div", { className: "reply-quote" }, [
    el("div", { className: "reply-author", text: senderName(original) }),
    el("div", { className: "reply-text", text: preview }),
  ]);
}

function forwardLabel(message) {
  const origin = message.forward_origin;
  if (!origin && !message.forward_from && !message.forward_sender_name) return null;
  let name = message.forward_sender_name || fullName(message.forward_from);
  if (origin) {
    name = origin.sender_user
      ? fullName(origin.sender_user)
      : origin.sender_user_name || (origin.sender_chat || origin.chat || {}).title || "someone";
  }
  return el("div", { className: "forwarded", text: `Forwarded from ${name}` });
}

// Telegram shows an invoice with a Pay button even when the bot sent no keyboard.
function inlineRows(message) {
  const markup = message.reply_markup;
  if (markup && markup.inline_keyboard) return markup.inline_keyboard;
  if (message.invoice && message.outgoing) {
    const { total_amount: amount, currency } = message.invoice;
    return [[{ text: `Pay ${formatAmount(amount, currency)}`, pay: true }]];
  }
  return null;
}

function inlineKeyboard(message) {
  const keyboard = inlineRows(message);
  if (!keyboard || message.deleted) return null;
  const rows = keyboard.map((row) =>
    el(
      "div",
      { className: "keyboard-row" },
      row.map((button) => inlineButton(message, button)),
    ),
  );
  const attrs = { "data-testid": "inline-keyboard" };
  return el("div", { className: "inline-keyboard", attrs }, rows);
}

function inlineButton(message, button) {
  const node = el("button", {
    className: "inline-button",
    text: button.text,
    attrs: { type: "button", "data-testid": "inline-button" },
  });
  if (button.url) {
    node.classList.add("url-button");
    node.title = button.url;
    node.addEventListener("click", () => openLink(button.url));
  } else if (button.callback_data !== undefined) {
    node.addEventListener("click", () => pressCallbackButton(message, button, node));
  } else if (button.pay) {
    node.addEventListener("click", () => pay(message));
  } else {
    node.disabled = true;
    node.title = "This kind of button is not emulated";
  }
  return node;
}

export function renderMessage(message) {
  const service = serviceText(message);
  if (service) {
    return el("div", {
      className: "service",
      text: service,
      attrs: { "data-message-id": message.message_id },
    });
  }
  const mine = isMine(message);
  const bubble = el("div", { className: "bubble" });
  if (!mine && isGroup(message.chat)) {
    bubble.append(el("div", { className: "sender", text: senderName(message) }));
  }
  bubble.append(forwardLabel(message) || "", replyQuote(message) || "");
  const media = mediaOf(message);
  if (media) bubble.append(media);
  const text = message.text ?? message.caption;
  if (text) {
    bubble.append(formattedText(text, message.entities || message.caption_entities, sendText));
  }
  const meta = el("div", { className: "meta" }, [
    message.deleted ? el("span", { text: "deleted" }) : null,
    message.edit_date ? el("span", { text: "edited" }) : null,
    el("time", { text: formatTime(message.date) }),
  ]);
  bubble.append(meta);
  bubble.addEventListener("dblclick", () => startReply(message));

  const classes = ["message", mine ? "mine" : "theirs"];
  if (message.outgoing) classes.push("from-bot");
  if (message.deleted) classes.push("deleted");
  return el(
    "div",
    {
      className: classes.join(" "),
      attrs: {
        "data-message-id": message.message_id,
        "data-testid": mine ? "my-message" : "bot-message",
      },
    },
    [bubble, inlineKeyboard(message)],
  );
}
