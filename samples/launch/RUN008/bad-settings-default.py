import uvicorn
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    # The default wins wherever the environment does not set RELOAD: in the production image too.
    reload: bool = True
    port: int = 8000


settings = Settings()

if __name__ == "__main__":
    # expect: RUN008
    uvicorn.run("app.main:app", host="0.0.0.0", port=settings.port, reload=settings.reload)
