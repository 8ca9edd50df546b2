package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"

	"github.com/attestdev/attest/shared/evaluate"
)

func (c *cli) evaluate(ctx context.Context, args []string) error {
	fl := c.flags("evaluate", "--event FILE [--context DIR] [--format text|json]")
	eventFile := fl.String("event", "", "a Config Configuration Item Change event (EventBridge JSON)")
	_ = fl.String("context", "", "a context snapshot directory (reserved for drift and environment checks)")
	format := fl.String("format", "text", "output format: text or json")
	pos, err := parse(fl, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("evaluate takes no positional arguments")
	}
	if *format != "text" && *format != "json" {
		return usagef("unknown format %q (want text or json)", *format)
	}
	raw, err := readEvent(*eventFile)
	if err != nil {
		return err
	}
	item, err := evaluate.DecodeEvent(raw)
	if err != nil {
		return usagef("%s: %v", *eventFile, err)
	}
	ev, err := (&evaluate.Service{}).Evaluate(ctx, item)
	if err != nil {
		return usagef("%v", err)
	}
	if *format == "json" {
		enc := json.NewEncoder(c.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(ev)
	}
	writeEvaluationText(c.stdout, ev)
	return nil
}

func writeEvaluationText(w io.Writer, ev *evaluate.Evaluation) {
	fmt.Fprintf(w, "%s %s\n", ev.Resource.Type, ev.Resource.ID)
	for _, r := range ev.Results {
		fmt.Fprintf(w, "  %-14s %s: %s\n", r.Status, r.ConfigRule, r.Message)
	}
	for _, d := range ev.Drift {
		fmt.Fprintf(w, "  drift %s: template %v, live %v\n", d.Property, d.Template, d.Live)
	}
	for _, g := range ev.Gaps {
		fmt.Fprintf(w, "  not assessed: %s\n", g)
	}
}
