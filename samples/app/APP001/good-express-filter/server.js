// The filter keeps text/event-stream out of compression.
const express = require("express");
const compression = require("compression");

const app = express();
app.use(
  compression({
    filter: (req, res) => {
      if (res.getHeader("Content-Type") === "text/event-stream") return false;
      return compression.filter(req, res);
    },
  })
);

app.get("/events", (req, res) => {
  res.setHeader("Content-Type", "text/event-stream");
  res.flushHeaders();
  const timer = setInterval(() => res.write(": ping\n\n"), 15000);
  req.on("close", () => clearInterval(timer));
});

app.listen(3000);
