package main

import (
	"fmt"
	"net/http"
	"time"
)

// The stream is served under /api/, which nginx buffers; the upload location next to it is not a stream.
func stream(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	flusher := w.(http.Flusher)
	for i := 0; ; i++ {
		fmt.Fprintf(w, "data: %d\n\n", i)
		flusher.Flush()
		time.Sleep(time.Second)
	}
}

func upload(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusNoContent)
}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/stream", stream)
	mux.HandleFunc("POST /upload", upload)
	http.ListenAndServe(":8080", mux)
}
