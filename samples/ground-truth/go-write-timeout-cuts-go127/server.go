// net/http with WriteTimeout 1 s (built with Go 1.27): a deadline set when the request has been read, not moved by writes.
package main

import (
	"fmt"
	"net/http"
	"os"
	"strconv"
	"time"
)

func sse(w http.ResponseWriter, r *http.Request) {
	n, _ := strconv.Atoi(r.URL.Query().Get("n"))
	interval, _ := strconv.ParseFloat(r.URL.Query().Get("interval"), 64)
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	for i := 0; i < n; i++ {
		fmt.Fprintf(w, "data: {\"i\": %d}\n\n", i)
		w.(http.Flusher).Flush()
		time.Sleep(time.Duration(interval * float64(time.Second)))
	}
}

func main() {
	http.HandleFunc("/sse", sse)
	srv := &http.Server{Addr: "127.0.0.1:" + os.Getenv("PORT"), WriteTimeout: 1 * time.Second}
	panic(srv.ListenAndServe())
}
