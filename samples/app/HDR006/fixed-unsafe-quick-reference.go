package main

import (
	"fmt"
	"net/http"
)

func chat(w http.ResponseWriter, r *http.Request) {
	flusher, _ := w.(http.Flusher)
	w.Header().Set("X-Accel-Buffering", "no")
	w.Header().Set("Pragma", "no-cache")
	w.Header().Set("Expires", "0")
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	fmt.Fprintf(w, "data: {\"type\": \"status\"}\n\n")
	flusher.Flush()
}

func main() {
	http.HandleFunc("/api/chat", chat)
	http.ListenAndServe(":8000", nil)
}
