package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/attestdev/attest/shared/explain"
	"github.com/attestdev/attest/shared/explain/awscontext"
	"github.com/attestdev/attest/shared/explain/narrative"
	"github.com/attestdev/attest/shared/explain/narrative/bedrockconverse"
	"github.com/attestdev/attest/shared/explain/snapshot"
	"github.com/attestdev/attest/shared/store"
	"github.com/aws/aws-sdk-go-v2/service/bedrockruntime"
)

// maxEventBytes bounds an event file: EventBridge events are at most 256 KB.
const maxEventBytes = 1 << 20

func readEvent(file string) ([]byte, error) {
	if file == "" {
		return nil, usagef("--event FILE is required")
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, usagef("%v", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxEventBytes+1))
	if err != nil {
		return nil, usagef("read %s: %v", file, err)
	}
	if len(b) > maxEventBytes {
		return nil, usagef("%s is larger than %d bytes: not an EventBridge event", file, maxEventBytes)
	}
	return b, nil
}

func (c *cli) explain(ctx context.Context, args []string) error {
	fl := c.flags("explain", "--event FILE (--context DIR | --live) [--narrative] [--format text|json|markdown] [--store DIR]")
	eventFile := fl.String("event", "", "a CloudWatch Alarm State Change event (EventBridge JSON)")
	contextDir := fl.String("context", "", "a context snapshot directory (AWS CLI v2 JSON outputs)")
	live := fl.Bool("live", false, "read the context from live AWS (the default credential chain) instead of a snapshot")
	format := fl.String("format", "text", "output format: text, json or markdown")
	withNarrative := fl.Bool("narrative", false, "add a narrative written by Amazon Bedrock (default credentials; model BEDROCK_MODEL_ID, else "+bedrockconverse.DefaultModelID+"), kept only when it stays within the evidence")
	storeFlag := fl.String("store", "", "the store whose push packs are listed among the changes (default ./.attest or ATTEST_STORE; skipped when it does not exist)")
	pos, err := parse(fl, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("explain takes no positional arguments")
	}
	if *format != "text" && *format != "json" && *format != "markdown" {
		return usagef("unknown format %q (want text, json or markdown)", *format)
	}
	raw, err := readEvent(*eventFile)
	if err != nil {
		return err
	}
	if (*contextDir == "") == !*live {
		return usagef("give exactly one of --context DIR (a snapshot) and --live")
	}
	alarm, err := explain.DecodeAlarmEvent(raw)
	if err != nil {
		return usagef("%s: %v", *eventFile, err)
	}
	var source explain.Context
	if *live {
		cfg, err := c.awsConfig(ctx, alarm.Region)
		if err != nil {
			return err
		}
		source = awscontext.FromConfig(cfg)
	} else {
		snap, err := snapshot.Open(*contextDir)
		if err != nil {
			return usagef("%v", err)
		}
		source = snap
	}
	x := &explain.Explainer{Context: source}
	// Attest's own push packs are the first suspects among the changes; a store that does not exist yet
	// has none, and explain never creates one.
	if dir := c.storeDir(*storeFlag); dirExists(dir) {
		st, err := store.NewLocal(dir)
		if err != nil {
			return usagef("open store %s: %v", dir, err)
		}
		x.Packs = &explain.StorePacks{Evidence: st}
	}
	exp, err := x.Explain(ctx, alarm)
	if err != nil {
		return usagef("%v", err)
	}
	if *withNarrative {
		cfg, err := c.awsConfig(ctx, alarm.Region)
		if err != nil {
			return err
		}
		model := bedrockconverse.New(bedrockruntime.NewFromConfig(cfg), bedrockconverse.WithModelID(c.getenv("BEDROCK_MODEL_ID")))
		exp.Narrative, exp.NarrativeStatus = (&narrative.Narrator{Model: model}).Narrate(ctx, exp)
	}
	switch *format {
	case "json":
		b, err := exp.MarshalIndent()
		if err != nil {
			return err
		}
		_, err = c.stdout.Write(b)
		return err
	case "markdown":
		_, err := c.stdout.Write(exp.Markdown())
		return err
	}
	writeExplanationText(c.stdout, exp)
	return nil
}

func writeExplanationText(w io.Writer, e *explain.Explanation) {
	fmt.Fprintf(w, "Alarm %s (%s) at %s\n", e.Alarm.Name, e.Resource.ID, e.Alarm.Time)
	fmt.Fprintf(w, "Root cause: %s — %s [%s]\n  %s\n", e.RootCause.ID, e.RootCause.Title, e.RootCause.Confidence, e.RootCause.Summary)
	if len(e.Evidence) > 0 {
		fmt.Fprintln(w, "Evidence:")
		for _, ev := range e.Evidence {
			fmt.Fprintf(w, "  [%s] %s\n", ev.Source, ev.Fact)
		}
	}
	if len(e.RuledOut) > 0 {
		fmt.Fprintln(w, "Ruled out:")
		for _, r := range e.RuledOut {
			fmt.Fprintf(w, "  %s: %s\n", r.ID, r.Why)
		}
	}
	if e.Fix.Summary != "" {
		fmt.Fprintf(w, "Fix: %s\n", e.Fix.Summary)
		for _, cmd := range e.Fix.CLI {
			fmt.Fprintf(w, "  $ %s\n", cmd)
		}
	}
	if e.Impact.Summary != "" {
		fmt.Fprintf(w, "Impact: %s\n", e.Impact.Summary)
	}
	for _, ch := range e.Changes {
		fmt.Fprintf(w, "Changed before: %s %s (%s)\n", ch.Time, ch.What, ch.Who)
	}
	if e.Narrative != "" {
		fmt.Fprintf(w, "Narrative (written by a model from the evidence above):\n  %s\n", e.Narrative)
	} else if e.NarrativeStatus != "" {
		fmt.Fprintf(w, "Narrative: %s\n", e.NarrativeStatus)
	}
	if len(e.MissingContext) > 0 {
		fmt.Fprintln(w, "Could not see (add to the snapshot to decide):")
		for _, m := range e.MissingContext {
			fmt.Fprintf(w, "  %s\n", m)
		}
	}
}

func dirExists(dir string) bool {
	info, err := os.Stat(dir)
	return err == nil && info.IsDir()
}
