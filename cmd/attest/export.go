package main

import (
	"context"
	"fmt"
	"os"
	"os/user"
	"path/filepath"
	"time"

	"github.com/attestdev/attest/shared/evidence"
	"github.com/attestdev/attest/shared/export"
	"github.com/attestdev/attest/shared/pipeline"
	"github.com/attestdev/attest/shared/portal"
	"github.com/attestdev/attest/shared/store"
)

func (c *cli) export(ctx context.Context, args []string) error {
	fl := c.flags("export", "--from DATE --to DATE [--framework HIPAA|SOC2|PCI-DSS-4.0] [--out FILE] [--store DIR]")
	from := fl.String("from", "", "first day of the audit period (YYYY-MM-DD or RFC 3339)")
	to := fl.String("to", "", "last day of the audit period (YYYY-MM-DD, inclusive, or RFC 3339)")
	framework := fl.String("framework", "", "only packs with controls of this framework: HIPAA, SOC2 or PCI-DSS-4.0")
	out := fl.String("out", "", "the zip to write (default ./<export-id>.zip)")
	storeFlag := fl.String("store", "", "the store (default ./.attest or ATTEST_STORE)")
	pos, err := parse(fl, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("export takes no arguments (got %q)", pos)
	}
	if *from == "" || *to == "" {
		return usagef("export needs an audit period: --from DATE --to DATE")
	}
	fromT, err := portal.ParseTime(*from, false)
	if err != nil {
		return usagef("--from: %v", err)
	}
	toT, err := portal.ParseTime(*to, true)
	if err != nil {
		return usagef("--to: %v", err)
	}
	if toT.Before(fromT) {
		return usagef("--to %s is before --from %s", *to, *from)
	}
	if *framework != "" {
		if _, ok := export.CanonicalFramework(*framework); !ok {
			return usagef("unknown framework %q (want HIPAA, SOC2 or PCI-DSS-4.0)", *framework)
		}
	}
	dir := c.storeDir(*storeFlag)
	if _, err := os.Stat(dir); err != nil {
		return usagef("store %s: %v", dir, err)
	}
	st, err := store.NewLocal(dir)
	if err != nil {
		return usagef("%v", err)
	}
	signer, err := evidence.LoadOrCreateLocalSigner(filepath.Join(dir, filepath.FromSlash(pipeline.PrivateKeyFile)))
	if err != nil {
		return err
	}
	if err := evidence.PublishKey(ctx, st, signer.Public()); err != nil {
		return err
	}
	// Packs written before the store had an index are indexed first.
	if _, err := evidence.Reindex(ctx, st); err != nil {
		return err
	}
	who := localUser(c.getenv)
	outDir := "."
	if *out != "" {
		outDir = filepath.Dir(*out)
	}
	tmp, err := os.CreateTemp(outDir, ".attest-export-*.zip")
	if err != nil {
		return usagef("write export: %v", err)
	}
	defer func() { tmp.Close(); os.Remove(tmp.Name()) }()
	ex := &export.Exporter{Store: st, Signer: signer, Now: time.Now, Generator: "attest " + pipeline.Version}
	m, err := ex.Write(ctx, tmp, export.Request{From: fromT, To: toT, Framework: *framework, RequestedBy: who})
	if err != nil {
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write export: %w", err)
	}
	mb, err := m.Encode()
	if err != nil {
		return err
	}
	// The export is recorded before it is handed out: an unrecorded export is never written.
	period := m.Period
	writer := &evidence.Writer{Store: st, Signer: signer, Now: time.Now, Generator: "attest " + pipeline.Version}
	rec, err := (&export.Recorder{Writer: writer}).Record(ctx, export.Access{Action: export.ActionExport, Who: who, At: time.Now(),
		Packs: m.PackIDs(), Period: &period, Framework: m.Framework, Export: m.ID, ExportSHA256: evidence.Digest(mb), Via: "cli"})
	if err != nil {
		return err
	}
	dest := *out
	if dest == "" {
		dest = m.ID + ".zip"
	}
	if err := os.Rename(tmp.Name(), dest); err != nil {
		return fmt.Errorf("write export %s: %w", dest, err)
	}
	fmt.Fprintf(c.stdout, "%s: %d pack(s) from %s to %s%s; recorded as %s\n", dest, len(m.Packs), m.Period.From, m.Period.To, frameworkNote(m.Framework), rec.ID)
	fmt.Fprintf(c.stdout, "verify offline with: attest verify %s\n", dest)
	return nil
}

func frameworkNote(f string) string {
	if f == "" {
		return ""
	}
	return " for " + f
}

// localUser names who runs the command, for access records.
func localUser(getenv func(string) string) string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if u := getenv("USER"); u != "" {
		return u
	}
	return "local user"
}
