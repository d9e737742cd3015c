package main

import (
	"fmt"
	"net/http"
)

func chat(w http.ResponseWriter, r *http.Request) {
	flusher, _ := w.(http.Flusher)
	// expect: HDR006
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	fmt.Fprintf(w, "data: {\"type\": \"status\"}\n\n")
	flusher.Flush()
}

func main() {
	http.HandleFunc("/api/chat", chat)
	http.ListenAndServe(":8000", nil)
}
