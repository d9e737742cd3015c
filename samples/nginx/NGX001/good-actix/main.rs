use actix_web::{get, http::header, web, App, HttpResponse, HttpServer, Responder};

// The handler turns nginx's buffering off for its own response, so the location below needs no change.
#[get("/events")]
async fn events(state: web::Data<AppState>) -> impl Responder {
    HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(state.subscribe())
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    HttpServer::new(|| App::new().service(web::scope("/api").service(events)))
        .bind(("0.0.0.0", 8080))?
        .run()
        .await
}
