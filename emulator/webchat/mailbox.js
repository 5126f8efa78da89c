// The mailbox panel: mails the emulator's SMTP server caught. Their HTML is shown in a sandbox
// that runs no scripts.

import { api } from "./api.js";
import { byId, el } from "./dom.js";
import { state } from "./world.js";

export async function loadMail() {
  const button = byId("mailbox-button");
  try {
    state.mails = await api.get("/_emu/mail");
    button.disabled = false;
    button.title = "";
  } catch {
    state.mails = [];
    button.disabled = true;
    button.title = "The emulator runs without a mailbox (its SMTP port is 0)";
  }
  renderMailbox();
}

function renderMail(mail) {
  const body = el("div", { className: "mail-body" }, [el("pre", { text: mail.text || "" })]);
  if (mail.html) {
    // A sandbox without scripts: the mail's HTML is shown, never run.
    const frame = el("iframe", {
      attrs: { sandbox: "", title: "HTML version", referrerpolicy: "no-referrer" },
    });
    frame.srcdoc = mail.html;
    body.append(el("div", { className: "mail-html-label", text: "HTML version" }), frame);
  }
  const received = mail.received_at
    ? new Date(mail.received_at).toLocaleString([], { hour12: false })
    : "";
  return el("details", { className: "mail", attrs: { "data-testid": "mail" } }, [
    el("summary", {}, [
      el("div", { className: "mail-subject", text: mail.subject || "(no subject)" }),
      el("div", {
        className: "mail-meta",
        text: `${mail.from} → ${(mail.to || []).join(", ")} · ${received}`,
      }),
    ]),
    body,
  ]);
}

export function renderMailbox() {
  const count = byId("mail-count");
  count.textContent = String(state.mails.length);
  count.hidden = state.mails.length === 0;
  const list = byId("mail-list");
  const mails = [...state.mails].reverse();
  list.replaceChildren(
    ...(mails.length
      ? mails.map(renderMail)
      : [el("div", { className: "empty-state", text: "No mail yet" })]),
  );
}
