package notify

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Putter writes an object.
type Putter interface {
	Put(ctx context.Context, key string, data []byte) error
}

// Outbox is the one-process runtime's Publisher: it keeps each message in the store under notifications/,
// where a person (or a test) can read what would have been sent.
type Outbox struct {
	Store Putter
	Now   func() time.Time
}

// Publish writes the message.
func (o *Outbox) Publish(ctx context.Context, subject, body string) error {
	return o.PublishMessage(ctx, Message{Subject: subject, Body: body})
}

// PublishMessage writes the email form as <time>.txt and the chat form, when there is one, beside it as
// <time>.chat.json.
func (o *Outbox) PublishMessage(ctx context.Context, m Message) error {
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	t := now().UTC()
	base := fmt.Sprintf("notifications/%s-%09d", t.Format("20060102T150405"), t.Nanosecond())
	msg := "Subject: " + m.Subject + "\n\n" + m.Body
	if err := o.Store.Put(ctx, base+".txt", []byte(msg)); err != nil {
		return fmt.Errorf("write notification: %w", err)
	}
	if m.Chat != nil {
		if err := o.Store.Put(ctx, base+".chat.json", m.Chat); err != nil {
			return fmt.Errorf("write chat notification: %w", err)
		}
	}
	return nil
}

// Text renders a message as plain text.
func (m Message) Text() string {
	return "Subject: " + m.Subject + "\n\n" + strings.TrimRight(m.Body, "\n") + "\n"
}
