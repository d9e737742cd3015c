// A self-hosted Next.js app (output: standalone), Pages Router: `compress` is on by default and wraps `res`.
import type { NextApiRequest, NextApiResponse } from "next";
import { streamAnswer } from "@/lib/llm";

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  res.writeHead(200, {
    "Content-Type": "text/event-stream",
    "X-Accel-Buffering": "no",
    "Cache-Control": "no-cache, no-transform",
  });
  for await (const token of streamAnswer(req.body.prompt)) {
    res.write(`data: ${JSON.stringify({ token })}\n\n`);
  }
  res.end();
}
