package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"github.com/attestdev/attest/shared/evidence"
	"github.com/attestdev/attest/shared/export"
	"github.com/attestdev/attest/shared/pipeline"
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
	dir := c.storeDir(*storeFlag)
	signer, err := evidence.LoadOrCreateLocalSigner(filepath.Join(dir, filepath.FromSlash(pipeline.PrivateKeyFile)))
	if err != nil {
		return err
	}
	if err := evidence.PublishKey(ctx, st, signer.Public()); err != nil {
		return err
	}
	// Packs written before the store had an index are indexed once, so that listings read only the index.
	if _, err := evidence.Reindex(ctx, st); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return usagef("listen on %s: %v", *addr, err)
	}
	logger := slog.New(slog.NewTextHandler(c.stderr, nil))
	writer := &evidence.Writer{Store: st, Signer: signer, Now: time.Now, Generator: "attest " + pipeline.Version}
	api := &portal.Server{
		Store: st, Logger: logger, Now: time.Now,
		Exporter: &export.Exporter{Store: st, Signer: signer, Now: time.Now, Generator: "attest " + pipeline.Version},
		Recorder: &export.Recorder{Writer: writer},
	}
	// The local portal serves the user who started it, on the loopback address: downloads and exports are
	// recorded in their name.
	handler := portal.AsPrincipal(api.Handler(), portal.Principal{Username: localUser(c.getenv)})
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintf(c.stdout, "Attest portal on http://%s/ over %s (Ctrl-C to stop)\n", ln.Addr(), dir)
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
