package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/attestdev/attest/shared/evidence"
	"github.com/attestdev/attest/shared/pipeline"
	"github.com/attestdev/attest/shared/router"
	"github.com/attestdev/attest/shared/samplerepo"
)

func (c *cli) demo(ctx context.Context, args []string) error {
	fl := c.flags("demo", "[--store DIR]")
	storeFlag := fl.String("store", "", "the store (default ./.attest or ATTEST_STORE)")
	pos, err := parse(fl, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("demo takes no positional arguments")
	}
	start := time.Now()
	root, err := repoRoot()
	if err != nil {
		return err
	}
	repoDir, err := os.MkdirTemp("", "attest-sample-")
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	defer os.RemoveAll(repoDir)
	if _, err := samplerepo.Build(filepath.Join(root, "testdata", "sample-repo"), repoDir); err != nil {
		return fmt.Errorf("demo: build the sample repository: %w", err)
	}
	storeDir := c.storeDir(*storeFlag)
	local, err := pipeline.NewLocal(ctx, pipeline.LocalOptions{
		StoreDir: storeDir, RepoDir: repoDir, ContextDir: filepath.Join(root, "testdata", "context", "vpc-no-egress"),
		Router: router.Config{},
	})
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	events, err := filepath.Glob(filepath.Join(root, "events", "*.json"))
	if err != nil || len(events) == 0 {
		return fmt.Errorf("demo: no sample events in %s", filepath.Join(root, "events"))
	}
	sort.Strings(events)
	fmt.Fprintf(c.stdout, "Attest demo: %d sample events through the whole pipeline (store %s)\n\n", len(events), storeDir)
	var failed []string
	packs := 0
	for _, file := range events {
		name := strings.TrimSuffix(filepath.Base(file), ".json")
		raw, err := readEvent(file)
		if err != nil {
			return err
		}
		out, err := local.Handle(ctx, raw)
		switch {
		case err != nil && !errors.Is(err, pipeline.ErrNotifyFailed):
			failed = append(failed, name)
			fmt.Fprintf(c.stdout, "%-36s FAILED: %s\n", name, oneLine(err.Error()))
			continue
		case out.Ignored:
			fmt.Fprintf(c.stdout, "%-36s ignored: %s\n", name, out.Reason)
			continue
		}
		packs++
		st := out.State
		fmt.Fprintf(c.stdout, "%-36s %-6s %-10s %s\n", name, st.Flow, st.Status, st.PackID)
		for _, k := range headlineKeys(st.Summary) {
			fmt.Fprintf(c.stdout, "%-36s   %s: %s\n", "", k, st.Summary[k])
		}
		for _, g := range st.Gaps {
			fmt.Fprintf(c.stdout, "%-36s   not done (%s): %s\n", "", g.Step, oneLine(g.Reason))
		}
	}
	v, err := evidence.Verify(os.DirFS(storeDir), mustKeys(local), true)
	if err != nil {
		return fmt.Errorf("demo: verify: %w", err)
	}
	fmt.Fprintf(c.stdout, "\n%d packs written; the store holds %d packs in %d streams", packs, v.Packs, v.Streams)
	if v.OK() {
		fmt.Fprintln(c.stdout, ", all intact (hashes, ML-DSA-65 signatures, chains).")
	} else {
		fmt.Fprintf(c.stdout, ", with %d problem(s):\n", len(v.Problems))
		for _, p := range v.Problems {
			fmt.Fprintln(c.stdout, "  ", p)
		}
	}
	fmt.Fprintf(c.stdout, "Took %s.\n\nNext:\n", time.Since(start).Round(time.Millisecond))
	for _, l := range [][2]string{
		{"go run ./cmd/attest verify " + storeDir, "check every pack again, offline"},
		{"go run ./cmd/attest portal --store " + storeDir, "browse the packs at http://127.0.0.1:8080/"},
		{"ls " + filepath.Join(storeDir, "notifications"), "the notifications that would have been sent"},
	} {
		fmt.Fprintf(c.stdout, "  %-50s %s\n", l[0], l[1])
	}
	if len(failed) > 0 {
		return fmt.Errorf("demo: %d event(s) failed: %s", len(failed), strings.Join(failed, ", "))
	}
	if !v.OK() {
		return &blockingError{"the store does not verify"}
	}
	return nil
}

func mustKeys(l *pipeline.Local) evidence.KeyRing {
	ring := evidence.KeyRing{}
	ring.Add(l.Signer.Public())
	return ring
}

// headlineKeys are the summary facts the demo prints, in order.
func headlineKeys(summary map[string]string) []string {
	var keys []string
	for k := range summary {
		if k != "pack" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

// repoRoot finds the checkout the demo's samples live in: the working directory or one of its parents.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := dir; ; d = filepath.Dir(d) {
		if fi, err := os.Stat(filepath.Join(d, "testdata", "sample-repo")); err == nil && fi.IsDir() {
			if _, err := os.Stat(filepath.Join(d, "events")); err == nil {
				return d, nil
			}
		}
		if filepath.Dir(d) == d {
			return "", usagef("run attest demo inside the Attest checkout: no events/ and testdata/sample-repo/ found from %s up", dir)
		}
	}
}
