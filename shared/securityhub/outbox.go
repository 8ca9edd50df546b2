package securityhub

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/attestdev/attest/shared/finding"
)

// Outbox is the one-process runtime's Importer: it writes each batch, as the BatchImportFindings request's
// Findings member, to the store under securityhub/batches/, where a person (or a test) reads what would
// have been imported.
type Outbox struct {
	Store interface {
		Put(ctx context.Context, key string, data []byte) error
	}
	mu sync.Mutex
	n  int
}

// Import writes one batch; nothing is rejected.
func (o *Outbox) Import(ctx context.Context, batch []finding.ASFFFinding) ([]Rejected, error) {
	o.mu.Lock()
	o.n++
	n := o.n
	o.mu.Unlock()
	b, err := json.MarshalIndent(map[string]any{"Findings": batch}, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("encode batch: %w", err)
	}
	key := fmt.Sprintf("securityhub/batches/%s-%03d.json", batch[0].UpdatedAt, n)
	if err := o.Store.Put(ctx, key, append(b, '\n')); err != nil {
		return nil, fmt.Errorf("write batch: %w", err)
	}
	return nil, nil
}
