// Deployed on Vercel (no standalone output, no server launch): the platform compresses, not Next.
import type { NextApiRequest, NextApiResponse } from "next";
import { streamAnswer } from "@/lib/llm";

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  res.writeHead(200, {
    "Content-Type": "text/event-stream",
    "X-Accel-Buffering": "no",
  });
  for await (const token of streamAnswer(req.body.prompt)) {
    res.write(`data: ${JSON.stringify({ token })}\n\n`);
  }
  res.end();
}
