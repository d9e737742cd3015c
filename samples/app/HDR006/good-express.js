const express = require("express");

const app = express();

app.post("/api/chat", (req, res) => {
  res.writeHead(200, {
    "Content-Type": "text/event-stream",
    "Cache-Control": "no-cache",
    "X-Accel-Buffering": "no",
    "Pragma": "no-cache",
    "Expires": "0",
  });
  res.write('data: {"type": "status"}\n\n');
});

app.get("/health", (req, res) => {
  res.json({ ok: true });
});

module.exports = app;
