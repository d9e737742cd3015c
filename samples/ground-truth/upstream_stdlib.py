"""Stdlib SSE upstream for the ground-truth scenarios (sselint does not read it as an app: it has no framework).
GET /sse?n=15&interval=0.2[&cc=none][&framing=close][&pause=1.5]
HTTP/1.1 request -> chunked body (unless framing=close); HTTP/1.0 request -> close-delimited body, as nginx < 1.29.7
asks by default. From ../shared/reference/experiments/sse_proxy_experiment.sh."""
import asyncio
import sys
import time
import urllib.parse


async def handle(reader, writer):
    try:
        req = await reader.readuntil(b"\r\n\r\n")
    except Exception:
        writer.close()
        return
    method, target, version = req.split(b"\r\n", 1)[0].decode().split(" ")
    q = {k: v[0] for k, v in urllib.parse.parse_qs(urllib.parse.urlsplit(target).query).items()}
    n, interval = int(q.get("n", 15)), float(q.get("interval", 0.2))
    pause = float(q.get("pause", 0))
    chunked = version == "HTTP/1.1" and q.get("framing") != "close"
    hdrs = ["HTTP/1.1 200 OK", "Content-Type: text/event-stream"]
    if q.get("cc", "no-cache") != "none":
        hdrs.append("Cache-Control: " + q.get("cc", "no-cache"))
    hdrs.append("Transfer-Encoding: chunked" if chunked else "Connection: close")
    writer.write(("\r\n".join(hdrs) + "\r\n\r\n").encode())
    await writer.drain()
    t0 = time.monotonic()
    try:
        for i in range(n):
            if pause and i == n // 2:
                await asyncio.sleep(pause)
            ev = f'data: {{"i": {i}, "t": {time.monotonic() - t0:.3f}}}\n\n'.encode()
            writer.write(b"%x\r\n%s\r\n" % (len(ev), ev) if chunked else ev)
            await writer.drain()
            await asyncio.sleep(interval)
        if chunked:
            writer.write(b"0\r\n\r\n")
        await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    writer.close()


async def main(port):
    async with await asyncio.start_server(handle, "127.0.0.1", port) as srv:
        await srv.serve_forever()


asyncio.run(main(int(sys.argv[1])))
