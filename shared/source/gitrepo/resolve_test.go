package gitrepo_test

import (
	"context"
	"errors"
	"testing"

	"github.com/attestdev/attest/shared/source"
	"github.com/attestdev/attest/shared/source/gitrepo"
)

func TestResolve(t *testing.T) {
	dir, c := sampleRepo(t)
	repo, err := gitrepo.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	git(t, dir, "tag", "-a", "-m", "release", "v1.0", c.base)
	tests := []struct {
		name    string
		rev     string
		want    string
		wantErr error
	}{
		{"full id", c.head, c.head, nil},
		{"abbreviated id", c.feature[:10], c.feature, nil},
		{"branch", "main", c.head, nil},
		{"branch with slash", "feature/tls", c.feature, nil},
		{"annotated tag peels to its commit", "v1.0", c.base, nil},
		{"HEAD", "HEAD", c.head, nil},
		{"unknown branch", "no-such-branch", "", source.ErrCommitNotFound},
		{"unknown id", "0123456789abcdef0123456789abcdef01234567", "", source.ErrCommitNotFound},
		{"option", "--output=/tmp/x", "", source.ErrInvalidInput},
		{"short option", "-p", "", source.ErrInvalidInput},
		{"range", c.base + ".." + c.head, "", source.ErrInvalidInput},
		{"reflog", "main@{1}", "", source.ErrInvalidInput},
		{"parent", "main~1", "", source.ErrInvalidInput},
		{"peel", "main^{tree}", "", source.ErrInvalidInput},
		{"path", "main:README.md", "", source.ErrInvalidInput},
		{"empty", "", "", source.ErrInvalidInput},
		{"space", "main branch", "", source.ErrInvalidInput},
		{"newline", "main\n--all", "", source.ErrInvalidInput},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := repo.Resolve(context.Background(), tt.rev)
			if tt.wantErr != nil {
				if !errors.Is(err, tt.wantErr) {
					t.Fatalf("Resolve(%q) = %q, %v; want an error wrapping %v", tt.rev, got, err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("Resolve(%q): got %q, %v; want %q", tt.rev, got, err, tt.want)
			}
		})
	}
}
