use std::{convert::Infallible, time::Duration};

use axum::{
    response::sse::{Event, KeepAlive, Sse},
    routing::{get, post},
    Router,
};
use futures::stream::Stream;

// axum's Sse sets Content-Type and Cache-Control itself, but not X-Accel-Buffering: behind the nginx location
// below (buffering on by default) the tokens arrive in bursts.
async fn chat() -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let stream = llm_tokens().map(|token| Ok(Event::default().data(token)));
    // expect: HDR006
    Sse::new(stream).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

fn api() -> Router {
    Router::new().route("/chat", post(chat)).route("/health", get(health))
}

#[tokio::main]
async fn main() {
    let app = Router::new().nest("/api", api());
    let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
