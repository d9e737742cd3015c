package main

import (
	"bufio"
	"fmt"
	"time"

	"github.com/gofiber/fiber/v2"
)

// fiber passes WriteTimeout to fasthttp, which applies it to the whole streamed body.
func main() {
	app := fiber.New(fiber.Config{WriteTimeout: 30 * time.Second})
	app.Get("/events", func(c *fiber.Ctx) error {
		// expect: APP002
		c.Set("Content-Type", "text/event-stream")
		c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
			for i := 0; ; i++ {
				fmt.Fprintf(w, "data: %d\n\n", i)
				w.Flush()
				time.Sleep(time.Second)
			}
		})
		return nil
	})
	app.Listen(":3000")
}
