package main

import (
	"context"
	"path/filepath"
	"time"

	"github.com/attestdev/attest/shared/cbom"
	"github.com/attestdev/attest/shared/scan"
)

// cbom inventories the cryptography under PATH: the CycloneDX 1.6 CBOM as JSON, or with --summary the
// readiness summary (uses by class, post-quantum share of the public-key uses) as text.
func (c *cli) cbom(ctx context.Context, args []string) error {
	fl := c.flags("cbom", "[--summary] PATH")
	summary := fl.Bool("summary", false, "print the readiness summary as text instead of the CBOM")
	pos, err := parse(fl, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("cbom takes one PATH")
	}
	tree, err := pathFS(pos[0])
	if err != nil {
		return err
	}
	rep, err := scan.New().Scan(ctx, tree.fsys, tree.paths)
	if err != nil {
		return usagef("scan %s: %v", pos[0], err)
	}
	rep.SortAssets()
	subject := pos[0]
	if abs, err := filepath.Abs(pos[0]); err == nil {
		subject = filepath.Base(abs)
	}
	if *summary {
		return cbom.ReadinessOf(rep.Assets).WriteText(c.stdout, subject)
	}
	bom, err := cbom.Build(rep, cbom.Options{Subject: subject, Version: version, Now: time.Now()})
	if err != nil {
		return err
	}
	b, err := cbom.Encode(bom)
	if err != nil {
		return err
	}
	_, err = c.stdout.Write(b)
	return err
}
