def stream_answer(question):
    # A plain generator: under ASGI, Django collects every part of it before the response starts.
    for token in llm.stream(question):
        yield f"data: {token}\n\n"
