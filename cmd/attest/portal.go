package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/attestdev/attest/shared/portal"
	"github.com/attestdev/attest/shared/store"
)

func (c *cli) portal(ctx context.Context, args []string) error {
	fl := c.flags("portal", "[--addr 127.0.0.1:8080] [--store DIR]")
	addr := fl.String("addr", "127.0.0.1:8080", "address to listen on")
	storeFlag := fl.String("store", "", "the store (default ./.attest or ATTEST_STORE)")
	if _, err := parse(fl, args); err != nil {
		return err
	}
	st, err := store.NewLocal(c.storeDir(*storeFlag))
	if err != nil {
		return usagef("%v", err)
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return usagef("listen on %s: %v", *addr, err)
	}
	logger := slog.New(slog.NewTextHandler(c.stderr, nil))
	srv := &http.Server{Handler: (&portal.Server{Store: st, Logger: logger}).Handler(), ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(c.stdout, "Attest portal on http://%s/ over %s (Ctrl-C to stop)\n", ln.Addr(), c.storeDir(*storeFlag))
	go func() {
		<-ctx.Done()
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shut)
	}()
	if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve portal: %w", err)
	}
	return nil
}
