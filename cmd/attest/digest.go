package main

import (
	"context"
	"fmt"
	"time"

	"github.com/attestdev/attest/shared/notify"
	"github.com/attestdev/attest/shared/store"
)

func (c *cli) digest(ctx context.Context, args []string) error {
	fl := c.flags("digest", "[--date YYYY-MM-DD] [--format text|chat] [--portal-url URL] [--store DIR]")
	date := fl.String("date", "", "the day (UTC) whose packs are summarised (default yesterday)")
	format := fl.String("format", "text", "text (the email form) or chat (the AWS Chatbot custom notification JSON)")
	portal := fl.String("portal-url", "", "portal URL to link the packs to")
	storeFlag := fl.String("store", "", "the store (default ./.attest or ATTEST_STORE)")
	pos, err := parse(fl, args)
	if err != nil {
		return err
	}
	if len(pos) != 0 {
		return usagef("digest takes no positional arguments")
	}
	if *format != "text" && *format != "chat" {
		return usagef("unknown format %q (want text or chat)", *format)
	}
	day := time.Now().UTC().AddDate(0, 0, -1)
	if *date != "" {
		if day, err = time.Parse("2006-01-02", *date); err != nil {
			return usagef("--date takes YYYY-MM-DD, got %q", *date)
		}
	}
	st, err := store.NewLocal(c.storeDir(*storeFlag))
	if err != nil {
		return usagef("%v", err)
	}
	d, err := notify.BuildDigest(ctx, st, day)
	if err != nil {
		return fmt.Errorf("digest: %w", err)
	}
	m := notify.ComposeDigest(d, *portal)
	if *format == "chat" {
		_, err = fmt.Fprintln(c.stdout, string(m.Chat))
		return err
	}
	_, err = fmt.Fprint(c.stdout, m.Text())
	return err
}
