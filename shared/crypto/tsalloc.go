//go:build cgo

package crypto

/*
#include <stdlib.h>

// ts_set_allocator is tree-sitter's own API (tree_sitter/api.h), linked in through go-tree-sitter.
void ts_set_allocator(void *(*new_malloc)(size_t), void *(*new_calloc)(size_t, size_t),
                      void *(*new_realloc)(void *, size_t), void (*new_free)(void *));

static void attest_ts_use_libc_allocator(void) { ts_set_allocator(malloc, calloc, realloc, free); }
*/
import "C"

// useLibcAllocator points tree-sitter's allocations straight at libc. The Go binding routes every malloc and
// free of the parser through a Go callback (C to Go to C), which costs more than the parse itself; its
// default callbacks end in the same libc functions, so memory allocated either way is freed correctly.
func useLibcAllocator() { C.attest_ts_use_libc_allocator() }
