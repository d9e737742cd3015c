import asyncio


def call_model(prompt):
    return prompt.upper()


async def stream(prompt):
    loop = asyncio.get_running_loop()
    future = loop.run_in_executor(None, call_model, prompt)
    try:
        yield f"data: {await asyncio.shield(future)}\n\n"
    finally:
        # A thread's future ends when the thread does; a bound would not stop the thread (CAN005's case).
        await future
