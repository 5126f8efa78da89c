// What the page knows of the emulator's world, and which conversation is open.

export const state = {
  world: { bot: null, users: [], chats: [], settings: {} },
  messages: new Map(), // chat id -> Map(message id -> message), for chats opened at least once
  loadedChats: new Set(), // chat ids whose history has been fetched
  lastMessage: new Map(), // conversation key -> the newest message seen
  unread: new Map(), // conversation key -> count of bot messages not yet looked at
  selected: null, // { chatId, threadId } ; threadId is null outside forum topics
  actingUserId: null, // who speaks in a group chat; "channel" for an anonymous admin
  replyTo: null, // a message the person replies to
  usedKeyboards: new Set(), // "chat:message" of one-time keyboards already pressed
  keyboardHidden: false,
  pendingCallbacks: new Map(), // callback_query_id -> the pressed button
  mails: [],
  orders: [], // the payment sandbox's orders
  orderCallbacks: new Map(), // order id -> Map(callback id -> callback)
};

export const conversationKey = (chatId, threadId) =>
  threadId ? `${chatId}:${threadId}` : `${chatId}`;

export const userById = (id) => state.world.users.find((user) => user.id === id);
export const chatById = (id) => state.world.chats.find((chat) => chat.id === id);
export const isGroup = (chat) => chat && (chat.type === "group" || chat.type === "supergroup");
export const groups = () => state.world.chats.filter(isGroup);
export const customers = () => state.world.users.filter((user) => !user.is_bot);

export const fullName = (user) =>
  user ? [user.first_name, user.last_name].filter(Boolean).join(" ") : "Unknown";

export function threadOf(message) {
  return message.is_topic_message ? message.message_thread_id : null;
}

export function belongsToSelected(message) {
  const selected = state.selected;
  if (!selected || message.chat.id !== selected.chatId) return false;
  return !isGroup(message.chat) || threadOf(message) === selected.threadId;
}

export function selectedMessages() {
  const chatMessages = state.messages.get(state.selected.chatId);
  if (!chatMessages) return [];
  return [...chatMessages.values()]
    .filter(belongsToSelected)
    .sort((a, b) => a.message_id - b.message_id);
}

export function remember(message) {
  const chatMessages = state.messages.get(message.chat.id);
  if (chatMessages) chatMessages.set(message.message_id, message);
  const key = conversationKey(message.chat.id, isGroup(message.chat) ? threadOf(message) : null);
  const last = state.lastMessage.get(key);
  if (!last || last.message_id <= message.message_id) state.lastMessage.set(key, message);
}

export function isKnownChat(chatId) {
  return Boolean(chatById(chatId) || userById(chatId));
}
