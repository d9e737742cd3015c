// An error answer typed as an event stream (so the client's SSE parser reads it) is one event and an end(), not a
// stream: nothing for a proxy to buffer. The real stream sends X-Accel-Buffering.
const express = require("express");

const app = express();

function sendStreamError(res, statusCode, message) {
  if (!res.headersSent) {
    res.writeHead(statusCode, {
      "Content-Type": "text/event-stream",
      "Cache-Control": "no-cache",
    });
  }
  res.write(`event: error\ndata: ${JSON.stringify({ error: message })}\n\n`);
  res.end();
}

app.post("/v1/messages", async (req, res) => {
  if (!req.body) {
    res.writeHead(400, { "Content-Type": "text/event-stream" });
    res.end('event: error\ndata: {"error": "empty body"}\n\n');
    return;
  }
  res.writeHead(200, {
    "Content-Type": "text/event-stream",
    "Cache-Control": "no-cache",
    "X-Accel-Buffering": "no",
  });
  for await (const chunk of relay(req.body)) {
    res.write(`data: ${chunk}\n\n`);
  }
  res.end();
});

async function* relay(body) {
  yield JSON.stringify(body);
}

module.exports = { app, sendStreamError };
