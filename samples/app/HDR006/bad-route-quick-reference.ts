export async function POST(req: Request): Promise<Response> {
  const stream = new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode('data: {"type": "done"}\n\n'));
      controller.close();
    },
  });
  // expect: HDR006
  return new Response(stream, { headers: { "Content-Type": "text/event-stream" } });
}
