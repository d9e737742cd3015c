import SSELintCore
import SSELintSource
import Testing

struct RustScannerTests {
    func scan(_ text: String) -> AppFile { AppScanner.rust(SourceFile(path: "main.rs", text: text)) }

    @Test func axumRoutesNestAndSseWithKeepAlive() throws {
        let app = scan(#"""
        async fn chat() -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
            let s = tokens().map(|t| Ok::<_, Infallible>(Event::default().data(t)));
            Sse::new(s).keep_alive(KeepAlive::new().interval(Duration::from_secs(20)))
        }
        async fn quiet() -> impl IntoResponse { Sse::new(stream) }
        fn api() -> Router<AppState> {
            Router::new()
                .route("/chat", post(chat))
                .route("/quiet", get(quiet).post(handlers::quiet))
                .nest("/v1", Router::new().route("/models", get(models)))
        }
        fn app() -> Router { Router::new().nest("/api", api()) }
        """#)
        #expect(app.problems.isEmpty, "\(app.problems)")
        #expect(app.routes.map(\.path) == ["/chat", "/quiet", "/v1/models"])
        #expect(app.routes.map(\.methods) == [["POST"], ["GET", "POST"], ["GET"]])
        #expect(app.routes.map(\.handler) == ["chat", "quiet", "models"])
        #expect(app.routes.allSatisfy { $0.router == "@fn:api" })
        #expect(app.includes.map(\.router) == ["@fn:api"] && app.includes.map(\.prefix) == ["/api"] && app.includes.first?.includer == "@fn:app")
        #expect(app.responses.count == 2)
        let chat = try #require(app.responses.first)
        #expect(chat.kind == "Sse (axum)" && chat.isSSE && chat.route == 0 && chat.libraryPing == 20)
        #expect(chat.libraryHeaders.map(\.name) == ["Content-Type", "Cache-Control"])
        #expect(app.responses[1].libraryPing == 0, "no keep_alive: no heartbeat")
    }

    @Test func actixAttributesScopesBuildersAndLifetimes() throws {
        let app = scan(#"""
        struct Wrapper<'a> { s: &'a str }
        const RAW: &str = r#"not "a" route"#;
        #[get("/events")]
        async fn events(state: web::Data<AppState>) -> impl Responder {
            let c = 'x';
            HttpResponse::Ok()
                .content_type(mime::TEXT_EVENT_STREAM)
                .insert_header((header::CACHE_CONTROL, "no-cache"))
                .insert_header(("X-Accel-Buffering", HeaderValue::from_static("no")))
                .streaming(state.subscribe())
        }
        async fn chat() -> HttpResponse { HttpResponse::Ok().json(x) }
        fn config(cfg: &mut web::ServiceConfig) {
            cfg.service(web::scope("/api").service(events).route("/chat", web::post().to(chat)));
        }
        """#)
        #expect(app.problems.isEmpty, "\(app.problems)")
        #expect(app.routes.map(\.path) == ["/events", "/api/chat"])
        #expect(app.routes.map(\.handler) == ["events", "chat"])
        #expect(app.routes[0].router == "@svc:events" && app.routes[1].router == "@fn:config")
        #expect(app.includes.map(\.router) == ["@svc:events"] && app.includes.first?.prefix == "/api")
        #expect(app.responses.count == 1, "a JSON answer is not a stream")
        let r = try #require(app.responses.first)
        #expect(r.mediaType == "text/event-stream" && r.streams && r.function == "events" && r.route == 0)
        #expect(r.headers.map(\.name) == ["Cache-Control", "X-Accel-Buffering"] && r.headers.map(\.value) == ["no-cache", "no"])
    }

    @Test func unterminatedInputIsAProblemNotACrash() {
        for text in ["fn f() { \"open", "r#\"never closed", "/* /* nested */", "'", "#[get(", "Sse::new(", "let a = Router::new().route();",
                     "HttpResponse::Ok().content_type( ,)", "fn f() { headers.insert(CONTENT_TYPE, ,); }",
                     "HttpResponse::Ok().insert_header((CONTENT_TYPE, ,))", "for i in 0..10 { self.0.route(\"/x\", get(h)); }"] {
            _ = scan(text)
        }
        #expect(!scan("fn f() { let s = \"open; }").problems.isEmpty)
    }
}
