async def openai_sse(events):
    async for event in events:
        yield event
    yield "data: [DONE]\n\n"
