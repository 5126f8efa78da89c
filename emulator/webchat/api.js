// The control API (emulator/CONTROL_API.md): JSON in, `result` out, `error` thrown.

async function call(method, path, body) {
  const init = { method, headers: {} };
  if (body instanceof FormData) {
    init.body = body;
  } else if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  let answer;
  try {
    answer = await response.json();
  } catch {
    throw new Error(`${method} ${path}: HTTP ${response.status}`);
  }
  if (!answer.ok) {
    throw new Error(answer.error || answer.description || `HTTP ${response.status}`);
  }
  return answer.result;
}

export const api = {
  get: (path) => call("GET", path),
  post: (path, body) => call("POST", path, body ?? {}),
};
