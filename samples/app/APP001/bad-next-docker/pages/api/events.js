// Pages Router API route in a container that runs `npm start` (next start): compress is on by default.
export default function handler(req, res) {
  // expect: APP001
  res.setHeader("Content-Type", "text/event-stream");
  res.setHeader("Cache-Control", "no-cache");
  const timer = setInterval(() => res.write(`data: ${Date.now()}\n\n`), 1000);
  req.on("close", () => clearInterval(timer));
}
