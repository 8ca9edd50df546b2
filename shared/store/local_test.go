package store

import (
	"context"
	"errors"
	"sync"
	"testing"
)

func TestLocal(t *testing.T) {
	ctx := context.Background()
	s, err := NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Get(ctx, "a/b.json"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("got %v; want ErrNotFound", err)
	}
	if err := s.Put(ctx, "a/b.json", []byte("1")); err != nil {
		t.Fatal(err)
	}
	if err := s.Put(ctx, "a/b.json", []byte("2")); err != nil {
		t.Fatal(err)
	}
	if b, _ := s.Get(ctx, "a/b.json"); string(b) != "2" {
		t.Errorf("got %q after overwrite; want 2", b)
	}
	if err := s.PutIfAbsent(ctx, "a/b.json", []byte("3")); !errors.Is(err, ErrExists) {
		t.Errorf("PutIfAbsent on an existing key: got %v; want ErrExists", err)
	}
	keys, err := s.List(ctx, "a/")
	if err != nil || len(keys) != 1 || keys[0] != "a/b.json" {
		t.Errorf("List: got %v, %v; want [a/b.json] (no temporary files)", keys, err)
	}
	for _, bad := range []string{"", "/abs", "../up", "a/../../b", "a//b", `a\b`} {
		if err := s.Put(ctx, bad, nil); err == nil {
			t.Errorf("Put(%q): got no error; want an invalid-key error", bad)
		}
	}
}

func TestLocalPutIfAbsentHasOneWinner(t *testing.T) {
	ctx := context.Background()
	s, err := NewLocal(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := s.PutIfAbsent(ctx, "chain/1", []byte{byte(i)}); err == nil {
				mu.Lock()
				wins++
				mu.Unlock()
			} else if !errors.Is(err, ErrExists) {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if wins != 1 {
		t.Errorf("got %d writers winning the same key; want 1", wins)
	}
}
