// The bank sandbox panel: orders the bot registered with the payment sandbox, each with a link
// to its bank page (opened in a new tab, as from the bot's payment link) and the callback's fate.

import { api } from "./api.js";
import { byId, el } from "./dom.js";
import { state } from "./world.js";

const STATUS_TEXT = { created: "awaiting payment", deposited: "paid", declined: "declined" };

export async function loadOrders() {
  try {
    state.orders = await api.get("/_emu/sandbox/orders");
    state.orderCallbacks = new Map();
    for (const callback of await api.get("/_emu/sandbox/callbacks")) rememberCallback(callback);
  } catch {
    state.orders = [];
  }
  renderBank();
}

function rememberCallback(callback) {
  const list = state.orderCallbacks.get(callback.order_id) || new Map();
  list.set(callback.id, callback);
  state.orderCallbacks.set(callback.order_id, list);
}

export function onSandboxOrder(event) {
  const index = state.orders.findIndex((order) => order.order_id === event.order.order_id);
  if (index >= 0) state.orders[index] = event.order;
  else state.orders.push(event.order);
  renderBank();
}

export function onSandboxCallback(event) {
  rememberCallback(event.callback);
  renderBank();
}

function formatRubles(kopecks) {
  return `${(kopecks / 100).toLocaleString("ru-RU", { minimumFractionDigits: 2 })} ₽`;
}

function callbackSummary(orderId) {
  const callbacks = [...(state.orderCallbacks.get(orderId) || new Map()).values()];
  if (!callbacks.length) return "";
  return callbacks
    .map((callback) => {
      const answers = callback.attempts.map((attempt) => attempt.status ?? "no answer");
      const kind = callback.forgery ? ` (${callback.forgery})` : callback.replay ? " (replay)" : "";
      return `callback${kind}: ${answers.join(", ") || "pending"}`;
    })
    .join("; ");
}

function renderOrder(order) {
  const link = el("a", {
    text: order.status === "created" ? "Open the bank page" : "Show the bank page",
    attrs: {
      href: order.form_url,
      target: "_blank",
      rel: "noopener",
      "data-testid": "bank-page-link",
    },
  });
  const title = `${formatRubles(order.amount)} · ${order.order_number}`;
  return el(
    "div",
    { className: `mail order order-${order.status}`, attrs: { "data-testid": "order" } },
    [
      el("div", { className: "mail-subject", text: title }),
      el("div", { className: "mail-meta", text: order.description || "" }),
      el("div", { className: "order-status", text: STATUS_TEXT[order.status] || order.status }),
      el("div", { className: "mail-meta", text: callbackSummary(order.order_id) }),
      link,
    ],
  );
}

export function renderBank() {
  const pending = state.orders.filter((order) => order.status === "created").length;
  const count = byId("order-count");
  count.textContent = String(pending);
  count.hidden = pending === 0;
  const orders = [...state.orders].reverse();
  byId("order-list").replaceChildren(
    ...(orders.length
      ? orders.map(renderOrder)
      : [el("div", { className: "empty-state", text: "No payments yet" })]),
  );
}
