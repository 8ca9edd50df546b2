package store

import (
	"context"
	"errors"
)

// ErrNotFound is returned (wrapped) when a key has no object.
var ErrNotFound = errors.New("object not found")

// ErrExists is returned (wrapped) by PutIfAbsent when the key already has an object.
var ErrExists = errors.New("object already exists")

// Store is the interface both implementations satisfy. Consumers declare the subset they need.
type Store interface {
	Get(ctx context.Context, key string) ([]byte, error)
	Put(ctx context.Context, key string, data []byte) error
	PutIfAbsent(ctx context.Context, key string, data []byte) error
	List(ctx context.Context, prefix string) ([]string, error)
}
