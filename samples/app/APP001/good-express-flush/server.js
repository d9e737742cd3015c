// res.flush() after each event: the compression package sends what it holds (its README's SSE example).
const express = require("express");
const compression = require("compression");

const app = express();
app.use(compression());

app.get("/events", (req, res) => {
  res.setHeader("Content-Type", "text/event-stream");
  const timer = setInterval(() => {
    res.write(`data: ${Date.now()}\n\n`);
    res.flush();
  }, 1000);
  req.on("close", () => clearInterval(timer));
});

app.listen(3000);
