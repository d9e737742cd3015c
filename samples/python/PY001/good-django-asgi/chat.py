async def stream_answer(question):
    # An async generator: Django's ASGI handler sends each part as it comes.
    async for token in llm.astream(question):
        yield f"data: {token}\n\n"
