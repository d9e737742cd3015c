package server

import (
	"fmt"
	"net/http"
)

func (h *Handlers) StreamLogs(w http.ResponseWriter, r *http.Request) {
	flusher := w.(http.Flusher)
	// expect: APP002
	w.Header().Set("Content-Type", "text/event-stream")
	lines := h.follow(r.Context(), r.PathValue("name"))
	for {
		select {
		case <-r.Context().Done():
			return
		case line := <-lines:
			fmt.Fprintf(w, "data: %s\n\n", line)
			flusher.Flush()
		}
	}
}
