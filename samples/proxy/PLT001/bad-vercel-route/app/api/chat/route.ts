// On Vercel: the function (and the stream it returns) ends after 30 s.
import { streamText } from "ai";
import { openai } from "@ai-sdk/openai";

// expect: PLT001
export const maxDuration = 30;

export async function POST(req: Request) {
  const { messages } = await req.json();
  const result = streamText({ model: openai("gpt-4o"), messages });
  return new Response(result.textStream.pipeThrough(new TextEncoderStream()), {
    headers: { "Content-Type": "text/event-stream", "Cache-Control": "no-cache" },
  });
}
