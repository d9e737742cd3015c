package main

import (
	"fmt"
	"net/http"
)

func chat(w http.ResponseWriter, r *http.Request) {
	flusher, _ := w.(http.Flusher)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no")
	h.Set("Pragma", "no-cache")
	h.Set("Expires", "0")
	fmt.Fprintf(w, "data: {\"type\": \"status\"}\n\n")
	flusher.Flush()
}

func main() {
	http.HandleFunc("/api/chat", chat)
	http.ListenAndServe(":8000", nil)
}
