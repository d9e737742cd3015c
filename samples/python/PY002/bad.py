import time

import requests
from openai import OpenAI

client = OpenAI()


async def events(prompt):
    # expect: PY002
    time.sleep(1)
    # expect: PY002
    r = requests.post("http://agent/run", json={"prompt": prompt})
    # expect: PY002
    completion = client.chat.completions.create(model="gpt-4o", messages=[], stream=True)
    for chunk in completion:
        yield f"data: {chunk}\n\n"
