// Express 4 with the compression middleware, whose filter leaves text/event-stream alone.
const express = require('express')
const compression = require('compression')

const app = express()
app.use(compression({
  filter: (req, res) => !/^text\/event-stream/.test(res.getHeader('Content-Type')) && compression.filter(req, res),
}))
app.get('/sse', (req, res) => {
  const n = Number(req.query.n || 15), interval = Number(req.query.interval || 0.2) * 1000
  res.set({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' })
  let i = 0
  const send = () => {
    res.write(`data: {"i": ${i}}\n\n`)
    if (++i === n) return res.end()
    setTimeout(send, interval)
  }
  send()
})
app.listen(Number(process.env.PORT), '127.0.0.1')
