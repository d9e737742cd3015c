const express = require("express");

const app = express();

app.post("/api/chat", (req, res) => {
  res.writeHead(200, {
    "Content-Type": "text/event-stream",
    "Cache-Control": "no-cache",
    "X-Accel-Buffering": "no",
  });
  res.write('data: {"type": "status"}\n\n');
});

app.get("/events", (req, res) => {
  res.setHeader("X-Accel-Buffering", "no");
  res.setHeader("Content-Type", "text/event-stream");
  res.flushHeaders();
  res.write(": ping\n\n");
});

module.exports = app;
