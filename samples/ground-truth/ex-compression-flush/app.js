// Express 4 with the compression middleware on every route; the SSE route calls res.flush() after each event.
const express = require('express')
const compression = require('compression')

const app = express()
app.use(compression())
app.get('/sse', (req, res) => {
  const n = Number(req.query.n || 15), interval = Number(req.query.interval || 0.2) * 1000
  res.set({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' })
  let i = 0
  const send = () => {
    res.write(`data: {"i": ${i}}\n\n`)
    res.flush()
    if (++i === n) return res.end()
    setTimeout(send, interval)
  }
  send()
})
app.listen(Number(process.env.PORT), '127.0.0.1')
