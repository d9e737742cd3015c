package server

import (
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	chimw "github.com/go-chi/chi/v5/middleware"
)

func routes(h *Handlers) http.Handler {
	r := chi.NewRouter()
	r.Use(chimw.Recoverer)
	// A request timeout for the JSON API also cancels the log stream's context after 60 s.
	r.Use(chimw.Timeout(60 * time.Second))
	r.Get("/api/tasks/{name}/logs", h.StreamLogs)
	r.Get("/api/tasks", h.List)
	return r
}
