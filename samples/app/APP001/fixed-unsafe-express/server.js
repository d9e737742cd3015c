// An Express relay: compression() for the JSON API covers the token stream too.
const express = require("express");
const compression = require("compression");

const app = express();
app.use(compression());

app.post("/v1/chat/completions", async (req, res) => {
  res.writeHead(200, {
    "Content-Type": "text/event-stream",
    "X-Accel-Buffering": "no",
    "Cache-Control": "no-cache, no-transform",
  });
  for await (const token of req.app.locals.llm.stream(req.body)) {
    res.write(`data: ${JSON.stringify(token)}\n\n`);
  }
  res.end("data: [DONE]\n\n");
});

app.listen(3000);
