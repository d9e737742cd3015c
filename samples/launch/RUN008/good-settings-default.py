import uvicorn
from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    # Off unless a developer turns it on (RELOAD=true in their .env).
    reload: bool = False
    port: int = 8000


settings = Settings()

if __name__ == "__main__":
    uvicorn.run("app.main:app", host="0.0.0.0", port=settings.port, reload=settings.reload)
