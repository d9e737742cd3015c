package main

import (
	"fmt"
	"net/http"
	"time"

	"github.com/redis/go-redis/v9"
)

// The Redis client's WriteTimeout bounds writes to Redis, not the HTTP responses.
var rdb = redis.NewClient(&redis.Options{Addr: "redis:6379", WriteTimeout: 3 * time.Second})

func events(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/event-stream")
	for msg := range rdb.Subscribe(r.Context(), "tokens").Channel() {
		fmt.Fprintf(w, "data: %s\n\n", msg.Payload)
		w.(http.Flusher).Flush()
	}
}

func main() {
	srv := &http.Server{Addr: ":8080", Handler: http.HandlerFunc(events), ReadHeaderTimeout: 5 * time.Second}
	srv.ListenAndServe()
}
