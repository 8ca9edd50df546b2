package main

import (
	"context"
	"path/filepath"
	"time"

	"github.com/attestdev/attest/shared/cbom"
	"github.com/attestdev/attest/shared/scan"
)

func (c *cli) cbom(ctx context.Context, args []string) error {
	fl := c.flags("cbom", "PATH")
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
	subject := pos[0]
	if abs, err := filepath.Abs(pos[0]); err == nil {
		subject = filepath.Base(abs)
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
