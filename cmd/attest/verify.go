package main

import (
	"archive/zip"
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/attestdev/attest/shared/evidence"
	"github.com/attestdev/attest/shared/export"
	"github.com/attestdev/attest/shared/store"
)

func (c *cli) verify(ctx context.Context, args []string) error {
	fl := c.flags("verify", "[--key FILE] [--json] [--show-key] PACK|DIR|ZIP|EXPORT.zip")
	var keyFiles multiFlag
	fl.Var(&keyFiles, "key", "a published public key (PEM) to check signatures with; repeatable")
	asJSON := fl.Bool("json", false, "print the result as JSON")
	showKey := fl.Bool("show-key", false, "print the store's public signing key and exit")
	storeFlag := fl.String("store", "", "the store (default ./.attest or ATTEST_STORE)")
	pos, err := parse(fl, args)
	if err != nil {
		return err
	}
	if *showKey {
		return c.showKey(ctx, c.storeDir(*storeFlag))
	}
	if len(pos) != 1 {
		return usagef("verify takes one PACK (a pack directory, a directory of packs, a store, or a zip)")
	}
	target := pos[0]

	keys := evidence.KeyRing{}
	var sources []string
	for _, f := range keyFiles {
		b, err := os.ReadFile(f)
		if err != nil {
			return usagef("read key %s: %v", f, err)
		}
		k, err := evidence.ParsePublicKey(b, "")
		if err != nil {
			return usagef("key %s: %v", f, err)
		}
		keys.Add(k)
		sources = append(sources, f)
	}

	var fsys fs.FS
	st, err := os.Stat(target)
	if err != nil {
		return usagef("%s: %v", target, err)
	}
	if st.IsDir() {
		fsys = os.DirFS(target)
	} else {
		zr, err := zip.OpenReader(target)
		if err != nil {
			return usagef("%s is neither a directory nor a zip: %v", target, err)
		}
		defer zr.Close()
		fsys = zr
	}
	if len(keyFiles) == 0 {
		// Without --key, use the keys the store publishes: beside the target, or in the local store.
		for _, dir := range keyDirs(target, c.storeDir(*storeFlag)) {
			n, err := addKeysFrom(ctx, dir, keys)
			if err != nil {
				return err
			}
			if n > 0 {
				sources = append(sources, filepath.Join(dir, "keys"))
				break
			}
		}
	}
	_, errChain := fs.Stat(fsys, "chain")
	full := errChain == nil
	isExport := export.IsExport(fsys)

	var v *evidence.Verification
	if isExport {
		full = false
		v, err = export.Verify(fsys, keys)
	} else {
		v, err = evidence.Verify(fsys, keys, full)
	}
	if err != nil {
		return usagef("%s: %v", target, err)
	}
	if *asJSON {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(v); err != nil {
			return err
		}
	} else {
		for _, p := range v.Problems {
			fmt.Fprintln(c.stdout, "FAIL", p.String())
		}
		scope := "packs"
		switch {
		case full:
			scope = "packs (whole store: chain log checked)"
		case isExport:
			scope = "packs in an export (export manifest and signature checked, no pack added or removed)"
		}
		fmt.Fprintf(c.stdout, "%d %s in %d streams; signatures checked with %s from %s\n", v.Packs, scope, v.Streams, strings.Join(v.KeyIDs, ", "), strings.Join(sources, ", "))
	}
	if !v.OK() {
		return &blockingError{fmt.Sprintf("%s is not intact: %d problem(s); first: %s", target, len(v.Problems), v.Problems[0])}
	}
	if !*asJSON {
		if isExport {
			fmt.Fprintln(c.stdout, "OK: the export is signed and complete, every pack's files match its manifest, every signature verifies, every chain link holds")
		} else {
			fmt.Fprintln(c.stdout, "OK: every file matches its manifest, every signature verifies, every chain is unbroken")
		}
	}
	return nil
}

// keyDirs lists the store roots that may publish the keys for target: its ancestors with a keys/ folder, then
// the local store.
func keyDirs(target, local string) []string {
	var dirs []string
	abs, err := filepath.Abs(target)
	if err == nil {
		for d := abs; ; d = filepath.Dir(d) {
			if fi, err := os.Stat(filepath.Join(d, "keys")); err == nil && fi.IsDir() {
				dirs = append(dirs, d)
			}
			if filepath.Dir(d) == d {
				break
			}
		}
	}
	return append(dirs, local)
}

func addKeysFrom(ctx context.Context, dir string, ring evidence.KeyRing) (int, error) {
	if _, err := os.Stat(filepath.Join(dir, "keys")); err != nil {
		return 0, nil
	}
	st, err := store.NewLocal(dir)
	if err != nil {
		return 0, err
	}
	keys, err := evidence.LoadKeys(ctx, st)
	if err != nil {
		return 0, usagef("%v", err)
	}
	for _, k := range keys {
		ring.Add(k)
	}
	return len(keys), nil
}

func (c *cli) showKey(ctx context.Context, dir string) error {
	ring := evidence.KeyRing{}
	n, err := addKeysFrom(ctx, dir, ring)
	if err != nil {
		return err
	}
	if n == 0 {
		return usagef("no public key published in %s/keys (run attest run or attest demo first)", dir)
	}
	for _, k := range ring {
		fmt.Fprintf(c.stdout, "# key %s (%s)\n%s", k.ID, k.Algorithm, k.PEM())
	}
	return nil
}

// multiFlag collects a repeatable string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }
