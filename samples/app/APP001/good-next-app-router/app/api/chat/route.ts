// App Router route handlers are flushed chunk by chunk by Next itself, so `compress` (on) holds nothing here.
import { streamAnswer } from "@/lib/llm";

export async function POST(req: Request) {
  const { prompt } = await req.json();
  const encoder = new TextEncoder();
  const stream = new ReadableStream({
    async start(controller) {
      for await (const token of streamAnswer(prompt)) {
        controller.enqueue(encoder.encode(`data: ${JSON.stringify({ token })}\n\n`));
      }
      controller.close();
    },
  });
  return new Response(stream, { headers: { "Content-Type": "text/event-stream" } });
}
