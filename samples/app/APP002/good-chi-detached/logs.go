package server

import (
	"context"
	"fmt"
	"net/http"
)

func (h *Handlers) StreamLogs(w http.ResponseWriter, r *http.Request) {
	flusher := w.(http.Flusher)
	// The stream outlives the router's request timeout: it detaches from its cancellation (Go 1.21+).
	ctx := context.WithoutCancel(r.Context())
	w.Header().Set("Content-Type", "text/event-stream")
	for line := range h.follow(ctx, r.PathValue("name")) {
		fmt.Fprintf(w, "data: %s\n\n", line)
		flusher.Flush()
	}
}
