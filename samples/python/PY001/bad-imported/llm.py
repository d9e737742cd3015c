from openai import OpenAI

client = OpenAI()


def stream_tokens(prompt):
    # A plain generator over a synchronous client: Starlette runs each next() in a worker thread.
    for chunk in client.chat.completions.create(model="gpt-4o", messages=prompt, stream=True):
        yield f"data: {chunk.choices[0].delta.content or ''}\n\n"
